/**
 * The engine's Asterisk Manager Interface client on Netty.
 *
 * <pre>{@code
 * AmiClient ami = new AmiClient(AmiSettings.defaults(host, 5038, user, secret), clock, metrics);
 * ami.subscribe(e -> AmiEvents.typed(e).ifPresent(router::onQueueEvent));   // on thread ami-events
 * ami.onResync(() -> state.reload(ami.sendForList(AmiAction.of("QueueStatus"), "QueueStatusComplete").join()));
 * ami.start();                                  // connects in the background
 * ami.awaitConnected(Duration.ofSeconds(10));   // optional
 * ami.send(AmiAction.of("QueuePause").with("Interface", "PJSIP/agent-7").with("Paused", "true"));
 * ami.close();                                  // Logoff, then stop threads (SIGTERM)
 * }</pre>
 *
 * Threads: {@code ami-io} (Netty I/O, never blocks), {@code ami-reconnect} (backoff scheduler),
 * {@code ami-events} (subscribers and resync hooks). See {@link ascc.core.ami.AmiClient}.
 */
package ascc.core.ami;
