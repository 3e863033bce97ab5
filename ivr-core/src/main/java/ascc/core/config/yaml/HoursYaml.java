package ascc.core.config.yaml;

import ascc.routing.config.AfterHours;
import ascc.routing.config.Closure;
import ascc.routing.config.Holiday;
import ascc.routing.config.OpeningHours;
import ascc.routing.config.TimeRange;
import ascc.routing.config.WeeklyHours;

import static ascc.core.config.yaml.ConfigLoader.DATE_ALLOWED;
import static ascc.core.config.yaml.ConfigLoader.ID;
import static ascc.core.config.yaml.ConfigLoader.ID_ALLOWED;
import static ascc.core.config.yaml.ConfigLoader.names;
import static ascc.core.config.yaml.ConfigValues.checked;
import static ascc.core.config.yaml.ConfigValues.topList;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snakeyaml.engine.v2.nodes.Node;

/** Reads {@code hours.yaml} and {@code holidays.yaml}, checking company and desk ids against the other center files. */
final class HoursYaml {
    private static final List<String> AFTER_HOURS_KEYS = List.of("default", "companies");
    private static final List<String> HOURS_KEYS = List.of("default", "companies", "desks", "closures", "after-hours");
    private static final List<String> CLOSURE_KEYS = List.of("date", "company", "reason");
    private static final List<String> HOLIDAY_KEYS = List.of("date", "name");

    private final Set<String> companyIds;
    private final Set<String> deskIds;
    /** The hours (without holidays), or null when hours.yaml had problems. */
    OpeningHours hours;
    final List<Holiday> holidays = new ArrayList<>();
    /** Whether holidays.yaml was read without problems. */
    boolean holidaysOk;

    /** @param companyIds ids of companies.yaml, null when unknown; @param deskIds ids of desks.yaml, null when unknown */
    HoursYaml(Set<String> companyIds, Set<String> deskIds) {
        this.companyIds = companyIds;
        this.deskIds = deskIds;
    }

    private static AfterHours afterHours(YamlDoc doc, YamlDoc.Entry e) {
        String v = doc.text(e.value(), e.path());
        if (v == null) {
            return AfterHours.CALLBACK;
        }
        return AfterHours.byId(v.trim()).orElseGet(() -> {
            doc.problem(e.value(), e.path(), "unknown after-hours choice '" + v.trim() + "' (allowed: " + AfterHours.allowedIds() + ")");
            return AfterHours.CALLBACK;
        });
    }

    void readHours(YamlDoc doc) {
        YamlDoc.Section root = doc.section(doc.root(), "", HOURS_KEYS);
        if (root == null) {
            return;
        }
        int before = doc.problemCount();
        YamlDoc.Entry def = root.require("default", "weekly hours, e.g. {mon-fri: \"09:00-18:00\", sat: \"09:00-13:00\"}");
        Map<DayOfWeek, List<TimeRange>> defaults =
                def == null ? null : HoursParser.weekly(doc, def.value(), def.path(), HoursParser.closedWeek());
        Map<String, WeeklyHours> byCompany = overrides(doc, root.get("companies"), defaults, companyIds, "company", "companies");
        Map<String, WeeklyHours> byDesk = overrides(doc, root.get("desks"), defaults, deskIds, "desk", "desks");
        List<Closure> closures = closures(doc, root.get("closures"));
        AfterHours afterDefault = AfterHours.CALLBACK;
        Map<String, AfterHours> afterByCompany = new java.util.LinkedHashMap<>();
        YamlDoc.Entry after = root.get("after-hours");
        if (after != null) {
            YamlDoc.Section a = doc.section(after.value(), after.path(), AFTER_HOURS_KEYS);
            if (a != null) {
                YamlDoc.Entry d = a.get("default");
                if (d != null) {
                    afterDefault = afterHours(doc, d);
                }
                YamlDoc.Entry comps = a.get("companies");
                if (comps != null) {
                    Map<String, YamlDoc.Entry> m = doc.mapping(comps.value(), comps.path(), null);
                    for (YamlDoc.Entry ce : m == null ? List.<YamlDoc.Entry>of() : m.values()) {
                        if (companyIds != null && !companyIds.contains(ce.name())) {
                            doc.problem(ce.key(), ce.path(), "unknown company '" + ce.name() + "' (companies: "
                                    + names(companyIds) + ")");
                        } else {
                            afterByCompany.put(ce.name(), afterHours(doc, ce));
                        }
                    }
                }
            }
        }
        if (doc.problemCount() == before) {
            hours = new OpeningHours(new WeeklyHours(defaults), byCompany, byDesk, List.of(), closures, afterDefault,
                    afterByCompany);
        }
    }

    private static Map<String, WeeklyHours> overrides(YamlDoc doc, YamlDoc.Entry e, Map<DayOfWeek, List<TimeRange>> defaults,
            Set<String> known, String what, String plural) {
        Map<String, WeeklyHours> out = new LinkedHashMap<>();
        if (e == null) {
            return out;
        }
        Map<String, YamlDoc.Entry> entries = doc.mapping(e.value(), e.path(), null);
        if (entries == null) {
            return out;
        }
        for (YamlDoc.Entry o : entries.values()) {
            if (known != null && !known.contains(o.name())) {
                doc.problem(o.key(), o.path(), "unknown " + what + " '" + o.name() + "' (" + plural + ": " + names(known) + ")");
            }
            Map<DayOfWeek, List<TimeRange>> week =
                    HoursParser.weekly(doc, o.value(), o.path(), defaults == null ? HoursParser.closedWeek() : defaults);
            if (week != null) {
                out.put(o.name(), new WeeklyHours(week));
            }
        }
        return out;
    }

    private List<Closure> closures(YamlDoc doc, YamlDoc.Entry e) {
        List<Closure> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        List<Node> nodes = doc.list(e.value(), e.path(), "closures (each a mapping with keys: " + String.join(", ", CLOSURE_KEYS) + ")");
        if (nodes == null) {
            return out;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            YamlDoc.Section s = doc.section(nodes.get(i), YamlDoc.item(e.path(), i), CLOSURE_KEYS);
            if (s == null) {
                continue;
            }
            LocalDate date = date(s);
            Optional<String> company = Optional.empty();
            YamlDoc.Entry ce = s.get("company");
            if (ce != null) {
                String c = checked(doc, ce, ID, "company id", ID_ALLOWED);
                if (c != null && companyIds != null && !companyIds.contains(c)) {
                    doc.problem(ce.value(), ce.path(), "unknown company '" + c + "' (companies: " + names(companyIds) + ")");
                }
                company = Optional.ofNullable(c);
            }
            String reason = s.requiredText("reason", "a short text callers' records and reports show");
            if (date != null && reason != null) {
                String key = date + "/" + company.orElse("");
                Integer first = seen.putIfAbsent(key, YamlDoc.line(s.node()));
                if (first != null) {
                    doc.problem(s.node(), s.path(), "duplicate closure on " + date + " for "
                            + company.map(c -> "company " + c).orElse("the whole center") + " (first at line " + first + ")");
                }
                out.add(new Closure(date, company, reason));
            }
        }
        return out;
    }

    private static LocalDate date(YamlDoc.Section s) {
        YamlDoc.Entry e = s.require("date", DATE_ALLOWED);
        if (e == null) {
            return null;
        }
        String v = s.doc().nonEmpty(e.value(), e.path(), DATE_ALLOWED);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException ex) {
            s.doc().problem(e.value(), e.path(), "invalid date '" + v + "' (allowed: " + DATE_ALLOWED + ")");
            return null;
        }
    }

    void readHolidays(YamlDoc doc) {
        int before = doc.problemCount();
        List<YamlDoc.Section> items = topList(doc, "holidays", HOLIDAY_KEYS, "holidays");
        if (items == null) {
            return;
        }
        Map<LocalDate, Integer> seen = new HashMap<>();
        for (YamlDoc.Section h : items) {
            LocalDate date = date(h);
            String name = h.requiredText("name", "the holiday's name");
            if (date != null) {
                Integer first = seen.putIfAbsent(date, YamlDoc.line(h.get("date").value()));
                if (first != null) {
                    doc.problem(h.get("date").value(), h.get("date").path(),
                            "duplicate holiday date " + date + " (first at line " + first + ")");
                }
            }
            if (date != null && name != null) {
                holidays.add(new Holiday(date, name));
            }
        }
        holidaysOk = doc.problemCount() == before;
    }
}
