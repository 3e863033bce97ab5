package ascc.core.config.yaml;

import ascc.routing.config.Category;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import ascc.routing.selfservice.CompanySelfService;
import ascc.routing.config.TokenHash;
import ascc.routing.selfservice.FaqItem;
import ascc.routing.selfservice.RepairPartner;
import ascc.routing.selfservice.SelfServiceConfig;
import ascc.routing.selfservice.SelfServiceMenu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code self-service.yaml} into a {@link SelfServiceConfig}, checking companies and their enrolled categories against
 * the center files. Every problem is collected with file, line, key and what is allowed; unknown keys are errors.
 */
public final class SelfServiceYaml {
    private static final List<String> COMPANY_KEYS = List.of("enabled", "case-status", "hours", "faq");
    private static final List<String> PARTNER_KEYS = List.of("token-sha256", "companies");
    private static final List<String> ITEM_KEYS = List.of("id", "prompt", "title");
    /** Item ids and prompt names: a safe file name (they name sound files and are recorded on calls). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final String NAME_ALLOWED = "lower-case letters, digits and '-', at most 40, e.g. faq-reset";

    private SelfServiceYaml() {
    }

    /**
     * Loads {@code dir/self-service.yaml}; {@link SelfServiceConfig#NONE} when the file is absent.
     *
     * @throws ConfigException with every problem (file, line, key, what is allowed)
     */
    public static SelfServiceConfig load(Path dir, Map<String, String> env, CenterConfig center) throws ConfigException {
        if (!Files.exists(dir.resolve(SelfServiceConfig.FILE))) {
            return SelfServiceConfig.NONE;
        }
        List<Problem> problems = new ArrayList<>();
        YamlDoc doc = YamlDoc.read(dir, SelfServiceConfig.FILE, problems, Map.copyOf(env));
        Map<String, CompanySelfService> out = new LinkedHashMap<>();
        YamlDoc.Section root = doc == null ? null : doc.section(doc.root(), "", List.of("companies", "partners"));
        if (doc != null) {
            YamlDoc.Entry companies = root == null ? null : root.get("companies");
            Map<String, YamlDoc.Entry> byId = companies == null ? null : doc.mapping(companies.value(), companies.path(), null);
            for (YamlDoc.Entry e : byId == null ? List.<YamlDoc.Entry>of() : byId.values()) {
                Company company = center.companies().get(e.name());
                if (company == null) {
                    doc.problem(e.key(), e.path(), "unknown company '" + e.name() + "' (companies.yaml ids: "
                            + center.companies().keySet() + ")");
                    continue;
                }
                CompanySelfService c = company(doc, e, company);
                if (c != null) {
                    out.put(company.id(), c);
                }
            }
        }
        Map<String, RepairPartner> partners = new LinkedHashMap<>();
        if (root != null) {
            YamlDoc.Entry p = root.get("partners");
            Map<String, YamlDoc.Entry> byId = p == null ? null : doc.mapping(p.value(), p.path(), null);
            Map<TokenHash, String> owners = new HashMap<>();
            for (YamlDoc.Entry e : byId == null ? List.<YamlDoc.Entry>of() : byId.values()) {
                RepairPartner rp = partner(doc, e, center, owners);
                if (rp != null) {
                    partners.put(rp.id(), rp);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new SelfServiceConfig(out, partners);
    }

    private static RepairPartner partner(YamlDoc doc, YamlDoc.Entry e, CenterConfig center, Map<TokenHash, String> owners) {
        int before = doc.problemCount();
        if (!NAME.matcher(e.name()).matches()) {
            doc.problem(e.key(), e.path(), "invalid partner id '" + e.name() + "' (allowed: " + NAME_ALLOWED + ")");
        }
        YamlDoc.Section s = doc.section(e.value(), e.path(), PARTNER_KEYS);
        if (s == null) {
            return null;
        }
        Optional<TokenHash> token = Optional.empty();
        YamlDoc.Entry t = s.get("token-sha256");
        String v = t == null ? null : doc.text(t.value(), t.path());
        if (v != null && !v.isEmpty()) {
            token = TokenHash.parse(v);
            if (token.isEmpty()) {
                doc.problem(t.value(), t.path(), "not a token hash (allowed: 64 hex digits, the SHA-256 'ivr token new' prints)");
            } else {
                String other = owners.putIfAbsent(token.get(), e.name());
                if (other != null) {
                    doc.problem(t.value(), t.path(), "partner " + e.name() + " has the same token as partner " + other
                            + " (each partner needs its own; run 'ivr token new')");
                }
            }
        }
        Set<String> companies = new LinkedHashSet<>();
        YamlDoc.Entry c = s.require("companies", "a list of company ids of companies.yaml, e.g. [hanbit]");
        List<YamlDoc.Item> ids = c == null ? null : doc.texts(c.value(), c.path(), "company ids");
        for (YamlDoc.Item id : ids == null ? List.<YamlDoc.Item>of() : ids) {
            if (!center.companies().containsKey(id.value())) {
                doc.problem(id.node(), id.path(), "unknown company '" + id.value() + "' (companies.yaml ids: "
                        + center.companies().keySet() + ")");
            } else {
                companies.add(id.value());
            }
        }
        return doc.problemCount() == before ? new RepairPartner(e.name(), token, companies) : null;
    }

    private static CompanySelfService company(YamlDoc doc, YamlDoc.Entry entry, Company company) {
        int before = doc.problemCount();
        YamlDoc.Section s = doc.section(entry.value(), entry.path(), COMPANY_KEYS);
        if (s == null) {
            return null;
        }
        boolean enabled = flag(doc, s, "enabled", true);
        boolean caseStatus = flag(doc, s, "case-status", false);
        boolean hours = flag(doc, s, "hours", false);
        Map<Category, List<FaqItem>> faq = new EnumMap<>(Category.class);
        YamlDoc.Entry f = s.get("faq");
        Map<String, YamlDoc.Entry> cats = f == null ? Map.of() : doc.mapping(f.value(), f.path(), null);
        Map<String, Integer> ids = new HashMap<>();
        int fixed = (caseStatus ? 1 : 0) + (hours ? 1 : 0);
        for (YamlDoc.Entry c : cats == null ? List.<YamlDoc.Entry>of() : cats.values()) {
            Category category = Category.byId(c.name()).orElse(null);
            if (category == null) {
                doc.problem(c.key(), c.path(), "unknown category '" + c.name() + "' (allowed: " + Category.allowedIds() + ")");
                continue;
            }
            if (!company.categories().contains(category)) {
                doc.problem(c.key(), c.path(), "company '" + company.id() + "' does not enroll category '" + c.name()
                        + "' (its categories in companies.yaml: " + company.categories().stream().map(Category::id).toList() + ")");
                continue;
            }
            List<Node> items = doc.list(c.value(), c.path(), "FAQ items {id, prompt, title}");
            if (items == null) {
                continue;
            }
            if (items.size() + fixed > SelfServiceMenu.MAX_ENTRIES) {
                doc.problem(c.value(), c.path(), (items.size() + fixed) + " menu entries (FAQ items plus case-status and hours)"
                        + " but a menu has the digits 1.." + SelfServiceMenu.MAX_ENTRIES + " only (0 is the agent)");
            }
            List<FaqItem> list = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                FaqItem item = item(doc, items.get(i), YamlDoc.item(c.path(), i), ids);
                if (item != null) {
                    list.add(item);
                }
            }
            faq.put(category, list);
        }
        return doc.problemCount() == before ? new CompanySelfService(company.id(), enabled, caseStatus, hours, faq) : null;
    }

    private static FaqItem item(YamlDoc doc, Node node, String path, Map<String, Integer> ids) {
        YamlDoc.Section s = doc.section(node, path, ITEM_KEYS);
        if (s == null) {
            return null;
        }
        String id = name(doc, s, "id", true);
        String prompt = name(doc, s, "prompt", true);
        String title = name(doc, s, "title", false);
        if (id != null) {
            Integer first = ids.putIfAbsent(id, YamlDoc.line(s.get("id").value()));
            if (first != null) {
                doc.problem(s.get("id").value(), path + ".id", "duplicate FAQ id '" + id + "' in this company (first at line "
                        + first + ")");
                return null;
            }
        }
        return id == null || prompt == null ? null : new FaqItem(id, prompt, title);
    }

    private static String name(YamlDoc doc, YamlDoc.Section s, String key, boolean required) {
        YamlDoc.Entry e = required ? s.require(key, NAME_ALLOWED) : s.get(key);
        if (e == null) {
            return null;
        }
        String v = doc.text(e.value(), e.path());
        if (v != null && !NAME.matcher(v).matches()) {
            doc.problem(e.value(), e.path(), "invalid " + key + " '" + v + "' (allowed: " + NAME_ALLOWED + ")");
            return null;
        }
        return v;
    }

    private static boolean flag(YamlDoc doc, YamlDoc.Section s, String key, boolean dflt) {
        YamlDoc.Entry e = s.get(key);
        if (e == null) {
            return dflt;
        }
        Boolean b = doc.bool(e.value(), e.path());
        return b == null ? dflt : b;
    }
}
