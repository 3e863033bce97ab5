package ascc.routing.config;

import java.util.List;

/**
 * A participating manufacturer.
 *
 * @param id short id used everywhere (lowercase letters, digits, '-')
 * @param name display name
 * @param code digits a caller keys in on the shared number
 * @param numbers dialed numbers (DIDs) that reach this company directly
 * @param categories enrolled product categories, in menu order
 */
public record Company(String id, String name, String code, List<String> numbers, List<Category> categories) {
    public Company {
        numbers = List.copyOf(numbers);
        categories = List.copyOf(categories);
    }
}
