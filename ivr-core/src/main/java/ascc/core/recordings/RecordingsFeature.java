package ascc.core.recordings;

import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.core.calls.CallRecordStore;
import ascc.core.config.Conf;
import ascc.routing.config.Secret;

/**
 * Recordings (recordings.yaml): prompts and recording plans for the inbound flow, the retention job, and
 * {@code GET /api/recordings/...} on the admin HTTP server.
 */
public final class RecordingsFeature implements Feature {
    private final RecordingsModule module;

    public RecordingsFeature(FeatureContext ctx) {
        module = RecordingsModule.start(ctx.config().part(Conf::recordings), ctx.clock(), ctx.config(), ctx.scheduler());
        Secret adminToken = ctx.settings().adminToken();
        CallRecordStore calls = new CallRecordStore(ctx.dataSource());
        ctx.contribute().routes(http -> module.serve(http, adminToken, (company, callId) -> calls.findByLinkedId(callId)
                .filter(r -> company.equals(r.companyId()))
                .flatMap(r -> RecordingFiles.dayOfStoredPath(r.recordingPath()))));
    }

    /** Prompts, recording plans and paths, the running recordings.yaml. */
    public RecordingsModule recordings() {
        return module;
    }

    @Override
    public void close() {
        module.close();
    }
}
