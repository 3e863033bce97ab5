package ascc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.RouteDecision;
import ascc.routing.Router;
import ascc.routing.config.Category;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.core.config.yaml.ConfigLoader;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator writes configs the real loader accepts (small sizes only: this runs in every build). */
class BigConfigTest {

    @Test
    void writesAValidConfigWithEveryCategoryCountAndEveryCategoryServed(@TempDir Path dir) throws Exception {
        BigConfig shape = new BigConfig(170, 40, 50, false);
        shape.write(dir);

        CenterConfig config = ConfigLoader.load(dir, Map.of());

        assertEquals(170, config.companies().size());
        assertEquals(40, config.desks().size());
        assertEquals(50, config.agents().size());
        Set<Integer> counts = new java.util.TreeSet<>();
        Set<Category> enrolled = EnumSet.noneOf(Category.class);
        for (Company c : config.companies().values()) {
            counts.add(c.categories().size());
            enrolled.addAll(c.categories());
        }
        assertEquals(17, counts.size(), "category counts 1..17: " + counts);
        assertEquals(EnumSet.allOf(Category.class), enrolled);
        for (Category c : Category.values()) {
            assertTrue(config.deskFor(c).isPresent(), "no desk serves " + c);
        }
        config.agents().values().forEach(a -> assertTrue(a.skills().size() >= 1 && a.skills().size() <= 4, a.id() + ": " + a.skills()));
    }

    @Test
    void denseVariantLoadsTheSameCompaniesAndRoutesTheirNumbers(@TempDir Path dir) throws Exception {
        BigConfig shape = new BigConfig(40, 18, 5, true);
        shape.write(dir);

        CenterConfig config = ConfigLoader.load(dir, Map.of());

        assertEquals(40, config.companies().size());
        assertEquals(BigConfig.categoriesOf(39), config.companies().get(BigConfig.companyId(39)).categories());
        RouteDecision d = new Router(config).route(BigConfig.companyNumber(39), "01012345678", AgiBenchServer.FIXED_TIME);
        assertEquals(BigConfig.companyId(39), d.company().orElseThrow().id());
        assertEquals(RouteDecision.Action.QUEUE, d.action());
    }
}
