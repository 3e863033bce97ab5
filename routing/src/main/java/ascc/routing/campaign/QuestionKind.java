package ascc.routing.campaign;

/** How a question is answered on the keypad. */
public enum QuestionKind {
    /** One DTMF digit 1..5 (1 = very unsatisfied, 5 = very satisfied). */
    SCALE_1_TO_5("scale1to5"),
    /** 1 = yes, 2 = no. */
    YES_NO("yes-no");

    private final String id;

    QuestionKind(String id) {
        this.id = id;
    }

    /** The word used in {@code campaigns.yaml}. */
    public String id() {
        return id;
    }

    /** True if {@code digit} is a valid answer to a question of this kind. */
    public boolean accepts(char digit) {
        return switch (this) {
            case SCALE_1_TO_5 -> digit >= '1' && digit <= '5';
            case YES_NO -> digit == '1' || digit == '2';
        };
    }
}
