package ascc.core.rules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * The rules the build enforces on the main classes of every module on ivr-core's test classpath (all but
 * benchmarks). Asterisk literals in method bodies are invisible to ArchUnit: {@link AsteriskLiteralsTest} reads the
 * sources for those. Plain JUnit tests that check each rule (not ArchUnit's own test engine, whose rule fields
 * surefire's {@code -Dtest=} filter silently skips).
 */
class ArchitectureTest {

    /** Every main class under {@code ascc}, imported once for all the rules. */
    private static final class Main {
        static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
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

    private static final ArchRule ASTERISK_CONSTANTS_ONLY_IN_THE_CONTRACT = fields()
        .that().areDeclaredInClassesThat().resideOutsideOfPackages(AsteriskLiteral.CONTRACT_PACKAGE + "..", "ascc.testsupport..")
        .and().areStatic().and().areFinal().and().haveRawType(String.class)
        .should(notHoldAnAsteriskName())
        .because("the names the dialplan and the engine agree on (contexts, CC_* variables, user events, channel names)"
            + " live in one package, " + AsteriskLiteral.CONTRACT_PACKAGE + ", so a rename is one edit and nothing"
            + " drifts; test-support plays Asterisk's side in tests");

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

    @Test
    void asteriskConstantsOnlyInTheContract() {
        ASTERISK_CONSTANTS_ONLY_IN_THE_CONTRACT.check(Main.CLASSES);
    }

    private static ArchCondition<JavaField> notHoldAnAsteriskName() {
        return new ArchCondition<>("not hold an Asterisk name") {
            @Override
            public void check(JavaField field, ConditionEvents events) {
                String value = valueOf(field);
                AsteriskLiteral.find(value == null ? "" : value).ifPresent(name -> events.add(SimpleConditionEvent.violated(field,
                    field.getFullName() + " holds \"" + value + "\" (" + name + ")")));
            }
        };
    }

    /** The value of a static final String field; reading it initializes its class. */
    private static String valueOf(JavaField field) {
        if (!field.getModifiers().contains(JavaModifier.STATIC)) {
            return null;
        }
        Field f = field.reflect();
        if (!f.trySetAccessible()) {
            throw new IllegalStateException("cannot read " + field.getFullName());
        }
        try {
            return (String) f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field.getFullName(), e);
        }
    }
}
