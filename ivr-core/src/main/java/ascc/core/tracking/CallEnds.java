package ascc.core.tracking;

import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;

/** Where Asterisk's ends of calls are looked up (in the engine: {@code asterisk_call}, fed by CDR ingest). */
@FunctionalInterface
public interface CallEnds {
    /** Nothing is ever known: calls settle at their fallback end when their wait is over. */
    CallEnds NONE = ids -> Map.of();

    /**
     * The ends Asterisk has recorded for these calls, by linkedid; a call whose caller-leg CDR has not arrived yet is
     * absent (asked again later).
     */
    Map<String, CallEnd> ends(Collection<String> linkedIds) throws SQLException;
}
