package ascc.routing.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The 17 product categories a company may enroll in the program (see shared domain notes). */
public enum Category {
    HOME_APPLIANCES("home-appliances"),
    KITCHEN_APPLIANCES("kitchen-appliances"),
    AV_EQUIPMENT("av-equipment"),
    HOUSEHOLD_GOODS("household-goods"),
    MULTIMEDIA("multimedia"),
    CAR_ACCESSORIES("car-accessories"),
    LIGHTING("lighting"),
    FURNITURE("furniture"),
    MEDICAL_DEVICES("medical-devices"),
    BABY_PRODUCTS("baby-products"),
    SPORTS_GOODS("sports-goods"),
    SOFTWARE("software"),
    INDUSTRIAL_EQUIPMENT("industrial-equipment"),
    PCS("pcs"),
    FASHION_ACCESSORIES("fashion-accessories"),
    BEAUTY("beauty"),
    HOME_INTERIOR("home-interior");

    private final String id;

    Category(String id) {
        this.id = id;
    }

    /** The id admins write in {@code conf/}, e.g. {@code home-appliances}. */
    public String id() {
        return id;
    }

    public static Optional<Category> byId(String id) {
        for (Category c : values()) {
            if (c.id.equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Comma-separated list of all ids, for error messages. */
    public static String allowedIds() {
        return Arrays.stream(values()).map(Category::id).collect(Collectors.joining(", "));
    }
}
