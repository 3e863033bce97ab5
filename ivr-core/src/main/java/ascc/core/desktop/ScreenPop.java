package ascc.core.desktop;

import ascc.core.http.Json;
import ascc.routing.config.Disposition;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the agent desktop shows when the agent's phone rings: the call's company, product category, inquiry type, the
 * caller's number masked, the customer's previous calls with the center, open follow-ups and repair cases, and the
 * disposition codes of the call's desk. Never holds the full number.
 *
 * @param agentId the agent whose phone rings
 * @param linkedId the call
 * @param state ringing, connected or ended (the disposition is picked after)
 * @param companyId the call's company, or null when the flow found none
 * @param companyName its name (companies.yaml), or null
 * @param category product category id, or null
 * @param inquiryType inquiry type id, or null
 * @param deskId the desk (queue) the call was offered from, or null
 * @param maskedNumber the caller's number, masked ({@code Phones.mask})
 * @param offeredAt when the phone started ringing
 * @param dispositions the desk's codes
 * @param history previous calls of the number, newest first
 * @param followUps open follow-up tasks for the number
 * @param repairs open repair cases for the number
 */
public record ScreenPop(String agentId, String linkedId, State state, String companyId, String companyName, String category,
                        String inquiryType, String deskId, String maskedNumber, Instant offeredAt, List<Disposition> dispositions,
                        List<PastCall> history, List<FollowUp> followUps, List<RepairCases.RepairCase> repairs) {
    /** Where the call is for the agent. */
    public enum State { RINGING, CONNECTED, ENDED }

    public ScreenPop {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(linkedId, "linkedId");
        Objects.requireNonNull(state, "state");
        dispositions = List.copyOf(dispositions);
        history = List.copyOf(history);
        followUps = List.copyOf(followUps);
        repairs = List.copyOf(repairs);
    }

    /** The same pop in another state. */
    public ScreenPop in(State next) {
        return new ScreenPop(agentId, linkedId, next, companyId, companyName, category, inquiryType, deskId, maskedNumber, offeredAt,
                dispositions, history, followUps, repairs);
    }

    /**
     * One previous call of the caller.
     *
     * @param at when it entered
     * @param companyId its company
     * @param deskId its desk
     * @param outcome how it ended
     * @param disposition the code the agent picked, or null
     * @param note the agent's note, or null
     */
    public record PastCall(Instant at, String companyId, String deskId, String outcome, String disposition, String note) {
    }

    /**
     * An open follow-up task (a low happy-call score).
     *
     * @param id the task ({@code ivr followup solve --id})
     * @param companyId its company
     * @param reason why it was opened
     * @param openedAt when
     * @param status its status
     */
    public record FollowUp(long id, String companyId, String reason, Instant openedAt, String status) {
    }

    /** The pop as JSON (the SSE event's data and {@code GET /agent/api/pop}). */
    public String toJson() {
        StringBuilder sb = new StringBuilder(512);
        sb.append('{');
        field(sb, "agent", agentId).append(',');
        field(sb, "call", linkedId).append(',');
        field(sb, "state", state.name()).append(',');
        field(sb, "company", companyId).append(',');
        field(sb, "companyName", companyName).append(',');
        field(sb, "category", category).append(',');
        field(sb, "inquiry", inquiryType).append(',');
        field(sb, "desk", deskId).append(',');
        field(sb, "number", maskedNumber).append(',');
        field(sb, "offeredAt", offeredAt == null ? null : offeredAt.toString()).append(",\"dispositions\":[");
        for (int i = 0; i < dispositions.size(); i++) {
            sb.append(i > 0 ? ",{" : "{");
            field(sb, "code", dispositions.get(i).code()).append(',');
            field(sb, "label", dispositions.get(i).label()).append('}');
        }
        sb.append("],\"history\":[");
        for (int i = 0; i < history.size(); i++) {
            PastCall p = history.get(i);
            sb.append(i > 0 ? ",{" : "{");
            field(sb, "at", p.at() == null ? null : p.at().toString()).append(',');
            field(sb, "company", p.companyId()).append(',');
            field(sb, "desk", p.deskId()).append(',');
            field(sb, "outcome", p.outcome()).append(',');
            field(sb, "disposition", p.disposition()).append(',');
            field(sb, "note", p.note()).append('}');
        }
        sb.append("],\"followUps\":[");
        for (int i = 0; i < followUps.size(); i++) {
            FollowUp f = followUps.get(i);
            sb.append(i > 0 ? ",{" : "{").append("\"id\":").append(f.id()).append(',');
            field(sb, "company", f.companyId()).append(',');
            field(sb, "reason", f.reason()).append(',');
            field(sb, "openedAt", f.openedAt() == null ? null : f.openedAt().toString()).append(',');
            field(sb, "status", f.status()).append('}');
        }
        sb.append("],\"repairs\":[");
        for (int i = 0; i < repairs.size(); i++) {
            RepairCases.RepairCase r = repairs.get(i);
            sb.append(i > 0 ? ",{" : "{");
            field(sb, "id", r.id()).append(',');
            field(sb, "company", r.companyId()).append(',');
            field(sb, "status", r.status()).append(',');
            field(sb, "openedAt", r.openedAt() == null ? null : r.openedAt().toString()).append(',');
            field(sb, "summary", r.summary()).append('}');
        }
        return sb.append("]}").toString();
    }

    private static StringBuilder field(StringBuilder sb, String name, String value) {
        Json.string(sb, name).append(':');
        return value == null ? sb.append("null") : Json.string(sb, value);
    }
}
