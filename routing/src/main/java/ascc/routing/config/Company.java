package ascc.routing.config;

import ascc.routing.InquiryType;
import java.util.List;
import java.util.Objects;

/**
 * A participating manufacturer.
 *
 * @param id short id used everywhere (lowercase letters, digits, '-')
 * @param name display name
 * @param code digits a caller keys in on the shared number
 * @param numbers dialed numbers (DIDs) that reach this company directly
 * @param categories enrolled product categories, in menu order
 * @param vip caller numbers answered first (queue priority, see {@link Priorities#vipPriority()}); may be empty
 * @param inquiryTypes the inquiry menu of this company, in its digit order (1 = first); all four types by default
 */
public record Company(String id, String name, String code, List<String> numbers, List<Category> categories, List<String> vip,
        List<InquiryType> inquiryTypes) {
    /** A company without VIP numbers. */
    public Company(String id, String name, String code, List<String> numbers, List<Category> categories) {
        this(id, name, code, numbers, categories, List.of());
    }

    /** A company with the default inquiry menu. */
    public Company(String id, String name, String code, List<String> numbers, List<Category> categories, List<String> vip) {
        this(id, name, code, numbers, categories, vip, List.of(InquiryType.values()));
    }

    public Company {
        numbers = List.copyOf(numbers);
        categories = List.copyOf(categories);
        vip = List.copyOf(Objects.requireNonNullElse(vip, List.of()));
        inquiryTypes = inquiryTypes == null || inquiryTypes.isEmpty() ? List.of(InquiryType.values()) : List.copyOf(inquiryTypes);
    }

    /** Masks the VIP numbers: they are customers' numbers. */
    @Override
    public String toString() {
        return "Company[id=" + id + ", name=" + name + ", code=" + code + ", numbers=" + numbers + ", categories=" + categories
                + ", vip=" + vip.size() + " numbers, inquiryTypes=" + inquiryTypes + "]";
    }
}
