package dev.cloakroom.codec.typed;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Application types of a made-up shop, as a session would hold them. */
public final class ShopTypes {
    private ShopTypes() {
    }

    public enum Colour { RED, GREEN }

    public record Item(String sku, int quantity, Colour colour) { }

    public record Cart(List<Item> items, Set<String> coupons, Instant updated, Object note) { }

    /** A classic bean: no-argument constructor, getters and setters, equals by value. */
    public static class Customer {
        private String name;
        private Long loyaltyPoints;

        public Customer() {
        }

        public Customer(String name, Long loyaltyPoints) {
            this.name = name;
            this.loyaltyPoints = loyaltyPoints;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public Long getLoyaltyPoints() {
            return loyaltyPoints;
        }

        public void setLoyaltyPoints(Long loyaltyPoints) {
            this.loyaltyPoints = loyaltyPoints;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Customer c && Objects.equals(name, c.name) && Objects.equals(loyaltyPoints, c.loyaltyPoints);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, loyaltyPoints);
        }
    }

    /** A subclass, so that a field declared as the base type must carry the subclass's name. */
    public static class VipCustomer extends Customer {
        private String tier;

        public VipCustomer() {
        }

        public VipCustomer(String name, Long points, String tier) {
            super(name, points);
            this.tier = tier;
        }

        public String getTier() {
            return tier;
        }

        public void setTier(String tier) {
            this.tier = tier;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof VipCustomer v && super.equals(o) && Objects.equals(tier, v.tier);
        }

        @Override
        public int hashCode() {
            return Objects.hash(super.hashCode(), tier);
        }
    }

    public record Order(Customer customer, List<Object> lines) { }

    public record Money(java.math.BigDecimal amount, java.math.BigDecimal big) { }

    /** A trusted class whose field takes its subclass from the data, as a framework's mix-in may declare. */
    public static final class Holder {
        @com.fasterxml.jackson.annotation.JsonTypeInfo(use = com.fasterxml.jackson.annotation.JsonTypeInfo.Id.CLASS,
                property = "@type")
        public Base base;

        public Holder() {
        }

        public Holder(Base base) {
            this.base = base;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Holder h && Objects.equals(base == null ? null : base.getClass(),
                    h.base == null ? null : h.base.getClass());
        }

        @Override
        public int hashCode() {
            return base == null ? 0 : base.getClass().hashCode();
        }

        /** Open for subclasses, as a polymorphic field's type is. */
        public static class Base {
            public String label = "base";
        }
    }
}
