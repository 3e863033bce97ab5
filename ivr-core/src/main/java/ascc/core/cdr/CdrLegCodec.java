package ascc.core.cdr;

import ascc.core.durable.Codec;
import ascc.core.durable.SpoolLines;
import ascc.routing.cdr.CdrLeg;

/**
 * A CDR leg as one spool line, format {@code cdr1}: the 11 fields of {@link CdrLeg} in order, instants ISO-8601.
 *
 * <p>Also reads format {@code v1}: the lines earlier versions spooled (in {@code asterisk-cdr/calls-*.journal}), when a leg
 * travelled in a call record's shape (18 fields: linkedid, uniqueid, company, 5 unused, dialed number, caller number, start,
 * agent answer, end, wait, talk ms, outcome, disposition, node). Such a line lost the leg's channels, so it is read back as
 * a leg that merges into the same {@code asterisk_call} row: an answered one (outcome {@code ANSWERED}) gets the party B
 * channel {@value #UNKNOWN_CHANNEL} and disposition {@code ANSWERED} (a caller leg keeps its own), talk time back in
 * seconds. Its company and node are not read: they are the merging engine's, as for every leg.
 */
public final class CdrLegCodec implements Codec<CdrLeg> {
    public static final CdrLegCodec INSTANCE = new CdrLegCodec();
    static final String TAG = "cdr1";
    static final String LEGACY_TAG = "v1";
    /** The party B channel of an answered leg read from a {@code v1} line (the line did not keep it). */
    static final String UNKNOWN_CHANNEL = "(unknown)";
    private static final int FIELDS = 11;
    private static final int LEGACY_FIELDS = 18;

    private CdrLegCodec() {
    }

    @Override
    public String encode(CdrLeg l) {
        return SpoolLines.join(TAG, l.linkedId(), l.uniqueId(), l.channel(), l.dstChannel(), l.source(), l.destination(),
                l.disposition(), SpoolLines.str(l.start()), SpoolLines.str(l.answer()), SpoolLines.str(l.end()),
                Long.toString(l.billSeconds()));
    }

    @Override
    public CdrLeg decode(String line) {
        if (LEGACY_TAG.equals(SpoolLines.tag(line))) {
            return decodeLegacy(line);
        }
        String[] f = SpoolLines.split(line, TAG, FIELDS);
        try {
            return new CdrLeg(f[0], f[1], f[2], f[3], f[4], f[5], f[6], SpoolLines.instant(f[7]), SpoolLines.instant(f[8]),
                    SpoolLines.instant(f[9]), Long.parseLong(f[10]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad value: " + e.getMessage(), e);
        }
    }

    private static CdrLeg decodeLegacy(String line) {
        String[] f = SpoolLines.split(line, LEGACY_TAG, LEGACY_FIELDS);
        try {
            String linkedId = f[0];
            String uniqueId = f[1];
            boolean caller = linkedId != null && linkedId.equals(uniqueId);
            boolean answered = "ANSWERED".equals(f[15]);
            String disposition = caller && f[16] != null ? f[16] : answered ? "ANSWERED" : "";
            Long talkMs = SpoolLines.number(f[14]);
            return new CdrLeg(linkedId, uniqueId, "", answered ? UNKNOWN_CHANNEL : "", f[9], f[8], disposition,
                    SpoolLines.instant(f[10]), SpoolLines.instant(f[11]), SpoolLines.instant(f[12]),
                    answered && talkMs != null ? talkMs / 1000 : 0);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad value in a v1 line: " + e.getMessage(), e);
        }
    }
}
