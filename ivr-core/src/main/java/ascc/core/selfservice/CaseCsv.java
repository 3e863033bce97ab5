package ascc.core.selfservice;

import ascc.core.campaign.TargetCsv;
import ascc.routing.Phones;
import ascc.routing.selfservice.CaseStatus;
import ascc.routing.selfservice.RepairCase;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A repair case file ({@code ivr cases import}, {@code POST /api/cases}): CSV read by the same machinery as campaign target
 * lists ({@link TargetCsv#scan(java.io.Reader, TargetCsv.Limits, TargetCsv.Schema, java.util.function.Consumer,
 * java.util.function.IntConsumer)}: RFC 4180, UTF-8 with or without BOM or CP949, limits, line numbers, broken files), header
 * {@link #HEADER}. Each row is checked: case id 4-20 digits and not twice in the file, a company the reader allows, a Korean
 * phone (normalised; shown masked in every rejection), status one of {@link CaseStatus}, expected date {@code yyyy-MM-dd} or
 * empty, product and partner at most {@value RepairCase#MAX_TEXT} characters. Idempotent by case id: a case imported again
 * replaces its row.
 */
public final class CaseCsv implements TargetCsv.Schema<CaseCsv.Row> {
    /** The header, in order. */
    public static final List<String> HEADER = List.of("case_id", "company", "phone", "product", "status", "expected_date", "partner");

    /** An accepted row and its line. */
    public record Row(int line, RepairCase repairCase) {
    }

    private final Predicate<String> companyAllowed;
    private final String allowedText;
    private final Optional<String> partner;
    private final Map<String, Integer> firstLine = new HashMap<>();

    /**
     * @param companyAllowed whether a company id may be in this file (companies.yaml; a partner: its companies)
     * @param allowedText the allowed companies, for rejections
     * @param partner the partner posting (its id replaces an empty partner column; another partner's name is rejected), or
     *     empty for a file imported by an admin
     */
    public CaseCsv(Predicate<String> companyAllowed, String allowedText, Optional<String> partner) {
        this.companyAllowed = companyAllowed;
        this.allowedText = allowedText;
        this.partner = partner;
    }

    @Override
    public List<String> header() {
        return HEADER;
    }

    @Override
    public String check(List<String> f, int line) {
        String id = f.get(0).strip();
        if (!RepairCase.validCaseId(id)) {
            return id.isEmpty() ? "missing case_id" : "bad case_id '" + TargetCsv.abbreviate(id, 24) + "' (allowed: 4 to 20 digits)";
        }
        String company = f.get(1).strip();
        if (!companyAllowed.test(company)) {
            return "company '" + TargetCsv.abbreviate(company, 40) + "' not allowed (allowed: " + allowedText + ")";
        }
        String raw = f.get(2).strip();
        if (TargetCsv.normalizePhone(raw).isEmpty()) {
            return raw.isEmpty() ? "missing phone" : "bad phone '" + Phones.mask(TargetCsv.abbreviate(raw, 30))
                    + "' (allowed: a Korean number of 9 to 11 digits starting with 0, e.g. 010-1234-5678 or +82 10-1234-5678)";
        }
        if (f.get(3).strip().length() > RepairCase.MAX_TEXT || f.get(6).strip().length() > RepairCase.MAX_TEXT) {
            return "product or partner longer than " + RepairCase.MAX_TEXT + " characters";
        }
        if (CaseStatus.parse(f.get(4)).isEmpty()) {
            return "bad status '" + TargetCsv.abbreviate(f.get(4).strip(), 20) + "' (allowed: " + CaseStatus.allowed() + ")";
        }
        String date = f.get(5).strip();
        if (!date.isEmpty() && TargetCsv.parseDate(date).isEmpty()) {
            return "bad expected_date '" + TargetCsv.abbreviate(date, 20) + "' (allowed: yyyy-MM-dd, e.g. 2026-12-24, or empty)";
        }
        String p = f.get(6).strip();
        if (partner.isPresent() && !p.isEmpty() && !p.equals(partner.get())) {
            return "partner '" + TargetCsv.abbreviate(p, 40) + "' is not the partner posting (" + partner.get() + "; leave it empty)";
        }
        Integer first = firstLine.putIfAbsent(id, line);
        return first == null ? null : "duplicate case_id " + id + " (first at line " + first + ")";
    }

    @Override
    public Row build(List<String> f, int line) {
        String date = f.get(5).strip();
        Optional<LocalDate> expected = date.isEmpty() ? Optional.empty() : TargetCsv.parseDate(date);
        String p = f.get(6).strip();
        return new Row(line, new RepairCase(f.get(0).strip(), f.get(1).strip(), TargetCsv.normalizePhone(f.get(2).strip()).orElseThrow(),
                f.get(3).strip(), CaseStatus.parse(f.get(4)).orElseThrow(), expected, p.isEmpty() ? partner.orElse("") : p));
    }
}
