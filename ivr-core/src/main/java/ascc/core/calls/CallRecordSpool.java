package ascc.core.calls;

import ascc.core.durable.DurableSpool;
import java.io.IOException;
import java.nio.file.Path;

/** The spool of call records: journals {@code calls-<millis>-<seq>.journal}, lines by {@link CallRecordCodec}. */
public final class CallRecordSpool extends DurableSpool<CallRecord> {
    public CallRecordSpool(Path dir) throws IOException {
        super(dir, "calls", CallRecordCodec.INSTANCE, "call records");
    }

    static String encode(CallRecord r) {
        return CallRecordCodec.INSTANCE.encode(r);
    }

    static CallRecord decode(String line) {
        return CallRecordCodec.INSTANCE.decode(line);
    }
}
