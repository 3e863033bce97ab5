package ascc.routing;

/** Phone-number helpers. */
public final class Phones {
    private static final int KEEP_HEAD = 3;
    private static final int KEEP_TAIL = 2;

    private Phones() {
    }

    /**
     * A customer's number fit for logs: the first 3 and last 2 characters kept, the rest {@code *}
     * ({@code 01012345678} -> {@code 010******78}). Numbers of 5 characters or fewer keep only the last 2
     * ({@code 12345} -> {@code ***45}); 2 or fewer are masked entirely. Null or empty gives {@code -}.
     */
    public static String mask(String number) {
        if (number == null || number.isEmpty()) {
            return "-";
        }
        int n = number.length();
        if (n <= KEEP_TAIL) {
            return "*".repeat(n);
        }
        int head = n > KEEP_HEAD + KEEP_TAIL ? KEEP_HEAD : 0;
        StringBuilder sb = new StringBuilder(n);
        sb.append(number, 0, head);
        sb.append("*".repeat(n - head - KEEP_TAIL));
        sb.append(number, n - KEEP_TAIL, n);
        return sb.toString();
    }
}
