package ascc.core.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rules the build enforces on the main classes of every module on ivr-core's test classpath (all but
 * benchmarks). "Asterisk literals only in the contract package" is {@link AsteriskLiteralsTest}, on the sources:
 * ArchUnit cannot see a literal in a method body, and in a class file a constant written out and one built from the
 * contract ({@code "tb(" + Contexts.AGENT_PREDIAL + "^s^1)"}) are the same bytes. Plain JUnit tests that check each
 * rule (not ArchUnit's own test engine, whose rule fields surefire's {@code -Dtest=} filter silently skips).
 */
class ArchitectureTest {

    /** Every main class under {@code ascc}, imported once for all the rules (test classes and test-jars left out). */
    private static final class Main {
        static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.matches(Pattern.compile(".*-tests\\.jar!/.*")))
            .importPackages("ascc");
    }

    private static final ArchRule ROUTING_DOES_NO_IO = noClasses().that().resideInAPackage("ascc.routing..")
        .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.netty..", "org.snakeyaml..")
        .because("routing is the domain: decisions without I/O, so it is tested without a database, a socket or a file"
            + " format, and every adapter can use it");

    private static final ArchRule FEATURE_PACKAGES_HAVE_NO_CYCLES = slices().matching("ascc.core.(*)..")
        .should().beFreeOfCycles()
        .because("feature packages depend downward only: each starts from a small context and closes in reverse order,"
            + " which a cycle makes impossible to order");

    private static final ArchRule FLOWS_DO_NOT_TOUCH_PERSISTENCE = noClasses().that().resideInAPackage("ascc.agi..")
        .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "ascc.core..")
        .because("call flows talk to the channel and to ports they are given; storing is the engine's job, so a flow"
            + " never waits on a database while a caller waits on the line");

    private static final ArchRule DOMAIN_AND_FLOWS_DO_NOT_KNOW_THE_ENGINE = noClasses()
        .that().resideInAnyPackage("ascc.routing..", "ascc.agi..")
        .should().dependOnClassesThat().resideInAPackage("ascc.core..")
        .because("the engine (ascc.core) wires routing and the flows, never the other way round");

    @Test
    void routingDoesNoIo() {
        ROUTING_DOES_NO_IO.check(Main.CLASSES);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        FEATURE_PACKAGES_HAVE_NO_CYCLES.check(Main.CLASSES);
    }

    @Test
    void flowsDoNotTouchPersistence() {
        FLOWS_DO_NOT_TOUCH_PERSISTENCE.check(Main.CLASSES);
    }

    @Test
    void domainAndFlowsDoNotKnowTheEngine() {
        DOMAIN_AND_FLOWS_DO_NOT_KNOW_THE_ENGINE.check(Main.CLASSES);
    }
}
