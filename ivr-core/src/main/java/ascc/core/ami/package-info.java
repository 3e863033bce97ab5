/**
 * The engine's Asterisk Manager Interface client on Netty.
 *
 * <pre>{@code
 * AmiClient ami = new AmiClient(AmiSettings.defaults(host, 5038, user, secret), clock, metrics);
 * ami.subscribe("router", e -> AmiEvents.typed(e).ifPresent(router::onQueueEvent)); // thread ami-sub-router
 * ami.onResync("router", () -> state.reload(ami.sendForList(AmiAction.of("QueueStatus"), "QueueStatusComplete").join()));
 * ami.start();                                  // connects in the background
 * ami.awaitConnected(Duration.ofSeconds(10));   // optional
 * ami.send(AmiAction.of("QueuePause").with("Interface", "PJSIP/agent-7").with("Paused", "true"));
 * ami.close();                                  // Logoff, then stop threads (SIGTERM)
 * }</pre>
 *
 * Threads: {@code ami-io} (Netty I/O, never blocks), {@code ami-reconnect} (backoff scheduler), one
 * {@code ami-sub-<name>} per named subscription with its own bounded queue (its subscribers and resync hooks), and
 * {@code ami-events} for unnamed ones. See {@link ascc.core.ami.AmiClient}.
 */
package ascc.core.ami;
