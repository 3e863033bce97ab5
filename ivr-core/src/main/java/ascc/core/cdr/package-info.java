/**
 * Asterisk's side of every call, for billing reconciliation: the CDRs Asterisk sends over AMI ({@code cdr_manager},
 * event {@code Cdr}, with the {@code LinkedID} mapped in) are parsed ({@link ascc.core.cdr.CdrEvents}) into
 * {@link ascc.routing.cdr.CdrLeg}s, written off the call path by their own durable writer and spool
 * ({@link ascc.core.cdr.CdrIngest}) and merged per linkedid into
 * {@code asterisk_call} ({@link ascc.core.cdr.AsteriskCallStore}) with order-free rules, so a replayed CDR changes nothing.
 * Asterisk also writes every CDR to a file ({@code cdr_custom}); {@link ascc.core.cdr.CdrFile} reads the lines not read yet at
 * the engine's start and after every AMI reconnect, so calls made while no engine was connected are counted too.
 * Metering ({@code ascc.core.billing.Metering}) counts every linkedid once: from {@code call_record} when the engine
 * recorded the call, else from {@code asterisk_call}.
 */
package ascc.core.cdr;
