package ascc.core.selfservice;

import ascc.core.campaign.TargetCsv;
import ascc.core.http.Handler;
import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.core.http.Json;
import ascc.routing.selfservice.RepairCase;
import ascc.routing.selfservice.RepairPartner;
import ascc.routing.selfservice.SelfServiceConfig;
import java.io.StringReader;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/cases}: a repair partner sends cases, authorised by its own bearer token (self-service.yaml
 * {@code partners}, kept as SHA-256). The body is the case CSV ({@link CaseCsv}, UTF-8); each row is checked like a file of
 * {@code ivr cases import}, and a partner may only send cases of its companies. Accepted rows are stored at once (idempotent
 * by case id) and the answer lists every rejected row with its line and reason ({@code 200}); a broken body stores nothing
 * ({@code 400}); a wrong token {@code 401}; the database away {@code 503} (the partner sends again: nothing is duplicated).
 */
public final class CasesHandler implements Handler {
    private static final Logger LOG = LoggerFactory.getLogger(CasesHandler.class);
    /** The route's prefix ({@code POST /api/cases}). */
    public static final String PREFIX = "/api/cases/";
    /** Most rows one request may hold. */
    static final int MAX_ROWS = 10_000;

    private final Supplier<SelfServiceConfig> config;
    private final RepairCaseStore store;

    public CasesHandler(Supplier<SelfServiceConfig> config, RepairCaseStore store) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public HttpResponseSpec handle(HttpRequestInfo request) throws Exception {
        String auth = request.header("authorization").orElse("");
        Optional<RepairPartner> partner = auth.length() > 7 && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                ? config.get().partnerByToken(auth.substring(7).strip()) : Optional.empty();
        if (partner.isEmpty()) {
            return HttpResponseSpec.json(401, "{\"error\":\"unauthorized\"}").withHeader("WWW-Authenticate", "Bearer realm=\"ascc\"");
        }
        if (request.path().length() > PREFIX.length() - 1) {
            return HttpResponseSpec.json(404, "{\"error\":\"not found (POST /api/cases)\"}");
        }
        RepairPartner p = partner.get();
        CaseCsv schema = new CaseCsv(p.companies()::contains, String.join(", ", p.companies().stream().sorted().toList()),
                Optional.of(p.id()));
        List<RepairCase> cases = new ArrayList<>();
        TargetCsv.Limits limits = new TargetCsv.Limits(TargetCsv.Limits.DEFAULT.maxFileChars(), MAX_ROWS,
                TargetCsv.Limits.DEFAULT.maxFieldChars(), TargetCsv.Limits.DEFAULT.maxRowChars());
        TargetCsv.Scan scan = TargetCsv.scan(new StringReader(request.bodyText()), limits, schema, r -> cases.add(r.repairCase()),
                n -> { });
        if (scan.isBroken()) {
            LOG.info("cases: partner {} sent a broken body ({}); nothing stored", p.id(), scan.broken().get());
            return HttpResponseSpec.json(400, answer(0, scan, scan.broken().get()));
        }
        try {
            store.upsert(cases);
        } catch (SQLException e) {
            LOG.warn("cases: storing {} cases of partner {} failed; answered 503 ({})", cases.size(), p.id(), e.getMessage());
            return HttpResponseSpec.json(503, "{\"error\":\"database unavailable; send again (cases are stored by case id, never twice)\"}")
                    .withHeader("Retry-After", "30");
        }
        LOG.info("cases: partner {} stored {} cases, {} rows rejected", p.id(), cases.size(), scan.rejectedCount());
        return HttpResponseSpec.json(200, answer(cases.size(), scan, null));
    }

    private static String answer(int stored, TargetCsv.Scan scan, String broken) {
        StringBuilder sb = new StringBuilder("{\"stored\":").append(stored).append(",\"rejectedCount\":").append(scan.rejectedCount());
        if (broken != null) {
            Json.string(sb.append(",\"error\":"), broken);
        }
        sb.append(",\"rejected\":[");
        for (int i = 0; i < scan.rejected().size(); i++) {
            TargetCsv.Rejection r = scan.rejected().get(i);
            Json.string(sb.append(i == 0 ? "" : ",").append("{\"line\":").append(r.line()).append(",\"reason\":"), r.reason())
                    .append('}');
        }
        return sb.append("]}").toString();
    }
}
