package ascc.core.billing;

import java.util.List;

/** A close, statement or deposit that cannot be done; every reason is listed, and nothing was written. */
public final class BillingException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public BillingException(String summary, List<String> problems) {
        super(summary + (problems.isEmpty() ? "" : ":\n  " + String.join("\n  ", problems)));
        this.problems = List.copyOf(problems);
    }

    public BillingException(String message) {
        this(message, List.of());
    }

    public List<String> problems() {
        return problems;
    }
}
