package ascc.core.asterisk;

/**
 * The CDR files: {@code cdr.conf} (Asterisk's CDR engine), {@code cdr_manager.conf} (CDRs as AMI events, with the
 * linkedid) and {@code cdr_custom.conf} (the same CDRs in {@link AsteriskConfigRenderer#CDR_FILE}).
 */
final class CdrConf {
    private CdrConf() {
    }

    static String cdr() {
        Conf c = new Conf();
        c.comment("CDRs feed billing reconciliation: every call Asterisk sees is counted once, also when the engine was down.");
        c.comment("unanswered=yes: a caller who hangs up before anyone answers still gets a CDR. batch=no: posted at hang-up.");
        c.section("general");
        c.option("enable", "yes");
        c.option("unanswered", "yes");
        c.option("congestion", "yes");
        c.option("batch", "no");
        return c.text();
    }

    static String cdrManager() {
        Conf c = new Conf();
        c.comment("Each CDR as an AMI event 'Cdr' (class cdr, read by the engine's AMI user). The linkedid ties the legs of one");
        c.comment("call together; it is not in the event unless mapped here.");
        c.section("general");
        c.option("enabled", "yes");
        c.section("mappings");
        c.line("linkedid => LinkedID");
        return c.text();
    }

    static String cdrCustom() {
        Conf c = new Conf();
        c.comment("Each CDR also as one line in /var/log/asterisk/cdr-custom/" + AsteriskConfigRenderer.CDR_FILE
                + ", written while no engine is connected");
        c.comment("to AMI too: the engine reads the lines it has not read yet at start and after every AMI reconnect, so calls");
        c.comment("during an engine restart are counted. Times are epoch seconds (0: none). Keep the columns in this order.");
        c.section(AsteriskConfigRenderer.CDR_FILE);
        c.option("format", "dsv");
        c.option("separator_character", ",");
        c.option("quote_character", "\"");
        c.option("quote_escape_character", "\"");
        c.option("quoting_method", "all");
        c.option("fields", "linkedid, uniqueid, channel, dstchannel, src, dst, disposition, start(int64), answer(int64), end(int64),"
                + " billsec");
        return c.text();
    }
}
