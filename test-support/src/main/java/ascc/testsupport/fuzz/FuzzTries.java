package ascc.testsupport.fuzz;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Multiplies a fuzz property's tries by the system property {@code ascc.fuzz.factor} (whole number, default 1), so the
 * unit suite runs each with its fixed seed and tries, and {@code ivr-core/bin/fuzz --factor 50} runs the same
 * properties (same seed: the first tries are the unit suite's) fifty times longer. Use with
 * {@code @AddLifecycleHook(FuzzTries.class)} beside {@code @Tag("fuzz")}.
 */
public final class FuzzTries implements AroundPropertyHook {
    /** The system property naming the factor. */
    public static final String FACTOR = "ascc.fuzz.factor";

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        int factor = factor(System.getProperty(FACTOR));
        if (factor > 1) {
            context.attributes().tries().ifPresent(t -> context.attributes().setTries(Math.multiplyExact(t, factor)));
        }
        return property.execute();
    }

    /** Registered on a test class, it applies to each of its property methods. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public boolean appliesTo(Optional<AnnotatedElement> element) {
        return element.map(e -> e instanceof Method).orElse(false);
    }

    @Override
    public int aroundPropertyProximity() {
        // outside jqwik's own defaults hook, so the annotation's tries are known here
        return -100;
    }

    static int factor(String value) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int f = Integer.parseInt(value.strip());
            if (f < 1) {
                throw new IllegalArgumentException(FACTOR + " must be a whole number >= 1, got '" + value + "'");
            }
            return f;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(FACTOR + " must be a whole number >= 1, got '" + value + "'", e);
        }
    }
}
