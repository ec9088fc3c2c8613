package dev.cloakroom.codec;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.SessionValueException;
import dev.cloakroom.codec.typed.ShopTypes.Cart;
import dev.cloakroom.codec.typed.ShopTypes.Colour;
import dev.cloakroom.codec.typed.ShopTypes.Customer;
import dev.cloakroom.codec.typed.ShopTypes.Holder;
import dev.cloakroom.codec.typed.ShopTypes.Item;
import dev.cloakroom.codec.typed.ShopTypes.Money;
import dev.cloakroom.codec.typed.ShopTypes.Order;
import dev.cloakroom.codec.typed.ShopTypes.VipCustomer;
import dev.cloakroom.codec.untrusted.Tripwire;
import dev.cloakroom.codec.untrusted.TripwireFlag;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SessionValueTypes;
import dev.cloakroom.signing.SecretKeys;
import dev.cloakroom.signing.Signing;
import dev.cloakroom.testsupport.DjangoVectors;
import dev.cloakroom.testsupport.MutableClock;
import dev.cloakroom.testsupport.SecurityLogCapture;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.cloakroom.codec.SessionCodec.SESSION_STORE_SALT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values stored with their class: back as equal objects of the same class, plain JSON untouched, safe by name. */
class TypedValuesTest {
    private final MutableClock clock = MutableClock.atEpochSecond(DjangoVectors.NOW);
    private final SessionSettings settings = SessionSettings.builder().secretKey(DjangoVectors.SECRET)
            .trustedTypes(List.of("dev.cloakroom.codec.typed.*")).build();
    private final SessionCodec codec = SessionCodec.fromSettings(settings, SESSION_STORE_SALT, clock);
    private final SessionCodec plain = SessionCodec.fromSettings(settings.toBuilder().trustedTypes(List.of()).build(),
            SESSION_STORE_SALT, clock);

    private Map<String, Object> roundTrip(Map<String, Object> data) {
        return codec.decode(codec.encode(data));
    }

    static Map<String, Object> map(Object... keysAndValues) {
        return DjangoVectors.map(keysAndValues);
    }

    @Test
    void applicationObjectsComeBackAsEqualObjectsOfTheSameClass() {
        Cart cart = new Cart(List.of(new Item("A-1", 2, Colour.RED), new Item("B-2", 1, Colour.GREEN)),
                new TreeSet<>(Set.of("WELCOME", "SPRING")), Instant.parse("2030-01-02T03:04:05.123456789Z"),
                new Customer("ann", 3L));
        Map<String, Object> data = map("cart", cart, "customer", new Customer("bob", 12L),
                "vip", new Order(new VipCustomer("cy", 99L, "gold"), List.of(Colour.GREEN, new Item("C", 3, null))),
                "colour", Colour.RED);

        Map<String, Object> read = roundTrip(data);

        assertThat(read).isEqualTo(data);
        assertThat(read.get("cart")).isExactlyInstanceOf(Cart.class);
        assertThat(((Cart) read.get("cart")).coupons()).isExactlyInstanceOf(TreeSet.class);
        assertThat(((Cart) read.get("cart")).note()).isExactlyInstanceOf(Customer.class);
        assertThat(((Order) read.get("vip")).customer()).isExactlyInstanceOf(VipCustomer.class);
        assertThat(read.get("colour")).isSameAs(Colour.RED);
    }

    @Test
    void jdkValueTypesComeBackAsTheirOwnClass() {
        Map<String, Object> data = map("when", Instant.parse("2030-01-02T03:04:05Z"), "day", LocalDate.of(2030, 1, 2),
                "ttl", Duration.ofMinutes(5), "tags", new LinkedHashSet<>(List.of("b", "a")), "small", 7,
                "ratio", 0.5f, "ids", new ArrayList<>(List.of(1, 2)));

        Map<String, Object> read = roundTrip(data);

        assertThat(read).isEqualTo(data);
        assertThat(read.get("small")).isExactlyInstanceOf(Integer.class);
        assertThat(read.get("tags")).isExactlyInstanceOf(LinkedHashSet.class);
        assertThat(((List<?>) read.get("ids")).get(0)).isExactlyInstanceOf(Integer.class);
    }

    /**
     * A registered module may switch mapper features as it is set up (Spring Security's core module turns on
     * dates as timestamps): the stored format of every other value must not change with it, or an Instant
     * comes back rounded to a float's precision and dates turn into numbers and arrays.
     */
    @Test
    void aModuleThatSwitchesDatesToTimestampsDoesNotChangeHowTheApplicationsDatesAreStored() {
        tools.jackson.databind.JacksonModule timestamps = new tools.jackson.databind.module.SimpleModule("ts") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                ((tools.jackson.databind.cfg.MapperBuilder<?, ?>) context.getOwner())
                        .enable(tools.jackson.databind.cfg.DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS);
            }
        };
        SessionValueTypes types = SessionValueTypes.builder().trustPackage("dev.cloakroom.codec.typed")
                .module(timestamps).build();
        SessionCodec withModule = SessionCodec.fromSettings(settings, SESSION_STORE_SALT, clock, types);
        Instant when = Instant.parse("2030-01-02T03:04:05.123456789Z");
        Cart cart = new Cart(List.of(), new TreeSet<>(Set.of("A")), when, new Customer("ann", 3L));
        Map<String, Object> data = map("cart", cart, "when", when, "day", LocalDate.of(2030, 1, 2));

        String encoded = withModule.encode(data);

        assertThat(withModule.decode(encoded)).isEqualTo(data);
        assertThat(encoded).isEqualTo(codec.encode(data));
    }

    @Test
    void plainJsonIsStoredByteForByteAsWithoutTypes() {
        Map<String, Object> data = DjangoVectors.mixedTypes();
        data.put("nested", map("list", List.of(1L, "x", map("deep", 2.5)), "big", new java.math.BigInteger("123456789012345678901234567890")));

        assertThat(codec.encode(data)).isEqualTo(plain.encode(data));
        assertThat(codec.encode(DjangoVectors.authSession())).isEqualTo(DjangoVectors.D2);
        assertThat(codec.decode(DjangoVectors.D3)).isEqualTo(DjangoVectors.mixedTypes());
    }

    @Test
    void theStoredFormIsJsonDjangoReadsAsDictsAndLists() {
        Signing signing = new Signing(new SecretKeys(DjangoVectors.SECRET), SESSION_STORE_SALT, clock);
        String encoded = codec.encode(map("count", 3L, "customer", new Customer("bob", 12L),
                "colour", Colour.GREEN));

        Object asDjangoSeesIt = DjangoJsonSerializer.loadsValue(signing.loads(encoded));

        assertThat(asDjangoSeesIt).isEqualTo(map("count", 3L,
                "customer", map("@class", Customer.class.getName(), "name", "bob", "loyaltyPoints", 12L),
                "colour", List.of(Colour.class.getName(), "GREEN"),
                "_cloakroom_typed", map("customer", Customer.class.getName(), "colour", Colour.class.getName())));
        assertThat(new String(signing.loads(encoded), StandardCharsets.ISO_8859_1)).matches("\\p{ASCII}*");
    }

    @Test
    void aStoredTypeThatIsNotTrustedEmptiesTheSessionWithoutLoadingTheClass() {
        // named as a string: this test must not itself load or initialise the class
        String neverLoaded = "dev.cloakroom.codec.untrusted.NeverLoaded";
        String forged = signedJson("{\"a\":1,\"x\":{\"@class\":\"" + neverLoaded + "\",\"value\":\"y\"},"
                + "\"_cloakroom_typed\":{\"x\":\"" + neverLoaded + "\"}}");
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(codec.decode(forged)).isEmpty();
            assertThat(log.warnings()).containsExactly("Session data refused: it names the type " + neverLoaded
                    + ", which is not trusted");
        }
        assertThat(TripwireFlag.NEVER_LOADED_INITIALISED).isFalse();
    }

    @Test
    void aNameThatIsNoClassAtAllIsRefusedTheSameWay() {
        String forged = signedJson("{\"x\":[\"javax.naming.InitialContext\\u0000<script>\",{}],"
                + "\"_cloakroom_typed\":{\"x\":\"javax.naming.InitialContext\\u0000<script>\"}}");
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(codec.decode(forged)).isEmpty();
            assertThat(log.warnings()).singleElement().asString()
                    .startsWith("Session data refused: it names the type javax.naming.InitialContext")
                    .endsWith(", which is not trusted").doesNotContain("<", "\u0000");
        }
    }

    @Test
    void aTypeIdOfAModulesOwnJsonTypeInfoIsCheckedAsStrictly() {
        // Holder is trusted; its field's @JsonTypeInfo takes any subclass name, so the allow-list must apply there too
        String evil = "dev.cloakroom.codec.untrusted.EvilSubclass";
        String forged = signedJson("{\"h\":{\"@class\":\"" + Holder.class.getName() + "\",\"base\":{\"@type\":\""
                + evil + "\"}},\"_cloakroom_typed\":{\"h\":\"" + Holder.class.getName() + "\"}}");
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(codec.decode(forged)).isEmpty();
            assertThat(log.warnings()).containsExactly("Session data refused: it names the type " + evil
                    + ", which is not trusted");
        }
        assertThat(TripwireFlag.EVIL_SUBCLASS_INITIALISED).isFalse();
        Holder fine = new Holder(new Holder.Base());
        assertThat(roundTrip(map("h", fine)).get("h")).isEqualTo(fine);
    }

    @Test
    void aGenericTypeIdCannotSmuggleAnUntrustedParameter() {
        String evil = "dev.cloakroom.codec.untrusted.EvilEnum";
        String forged = signedJson("{\"x\":[\"java.util.ArrayList<" + evil + ">\",[\"A\"]],"
                + "\"_cloakroom_typed\":{\"x\":\"java.util.ArrayList<" + evil + ">\"}}");
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(codec.decode(forged)).isEmpty();
            assertThat(log.warnings()).singleElement().asString().startsWith("Session data refused");
        }
        assertThat(TripwireFlag.EVIL_ENUM_INITIALISED).isFalse();
    }

    @Test
    void aBigDecimalKeepsItsDigitsAndScale() {
        Money price = new Money(new java.math.BigDecimal("0.10"), new java.math.BigDecimal("12345678901234567890.123456789"));
        assertThat(roundTrip(map("price", price)).get("price")).isEqualTo(price);
    }

    @Test
    void aTypedValueAnotherWriterReplacedWithPlainDataIsReadAsThatData() {
        String replaced = signedJson("{\"cart\":[\"apple\",\"pear\"],\"n\":1,"
                + "\"_cloakroom_typed\":{\"cart\":\"" + Cart.class.getName() + "\"}}");
        assertThat(codec.decode(replaced)).isEqualTo(map("cart", List.of("apple", "pear"), "n", 1L));
    }

    @Test
    void aMapWithKeysThatAreNotStringsIsStoredPlainRatherThanChanged() {
        Map<Integer, String> byNumber = new java.util.HashMap<>(Map.of(1, "one"));
        assertThat(roundTrip(map("m", byNumber)).get("m")).isEqualTo(map("1", "one"));
    }

    @Test
    void keysNotListedAsTypedStayPlainEvenWithAClassProperty() {
        String stored = signedJson("{\"x\":{\"@class\":\"" + Tripwire.class.getName() + "\"}}");
        assertThat(codec.decode(stored)).isEqualTo(map("x", map("@class", Tripwire.class.getName())));
    }

    @Test
    void anUntrustedClassIsStoredAsPlainJsonAsBefore() {
        Tripwire wire = new Tripwire();
        Map<String, Object> read = roundTrip(map("wire", wire));
        assertThat(read).isEqualTo(map("wire", map("value", "x")));
    }

    @Test
    void aTrustedValueHoldingAnUntrustedOneIsStoredAsPlainJsonRatherThanUnreadably() {
        Cart cart = new Cart(List.of(), Set.of(), Instant.EPOCH, new Tripwire());
        Map<String, Object> read = roundTrip(map("cart", cart, "n", 1L));
        assertThat(read.get("n")).isEqualTo(1L);
        assertThat(read.get("cart")).isInstanceOf(Map.class);
    }

    @Test
    void withoutTrustedTypesNothingIsTyped() {
        Map<String, Object> read = plain.decode(plain.encode(map("customer", new Customer("bob", 12L), "small", 7)));
        assertThat(read).isEqualTo(map("customer", map("name", "bob", "loyaltyPoints", 12L), "small", 7L));
    }

    @Test
    void theIndexKeyIsReserved() {
        assertThatThrownBy(() -> codec.encode(map("_cloakroom_typed", List.of())))
                .isInstanceOf(SessionValueException.class).hasMessageContaining("reserved");
    }

    @Test
    void trustedTypesAreReadFromTheSettingAndCheckedAtStartUp() {
        SessionValueTypes types = SessionValueTypes.fromSettings(SessionSettings.builder().secretKey("k")
                .set("SESSION_TRUSTED_TYPES", "com.example.shop.*, com.example.Other$Inner").build());
        assertThat(types.packages()).containsExactly("com.example.shop.");
        assertThat(types.classes()).containsExactly("com.example.Other$Inner");
        assertThatThrownBy(() -> SessionSettings.builder().secretKey("k").set("SESSION_TRUSTED_TYPES", "com.*.x")
                .build()).isInstanceOf(ImproperlyConfiguredException.class).hasMessageContaining("SESSION_TRUSTED_TYPES");
    }

    private String signedJson(String json) {
        return new Signing(new SecretKeys(DjangoVectors.SECRET), SESSION_STORE_SALT, clock)
                .dumps(json.getBytes(StandardCharsets.US_ASCII), false);
    }
}
