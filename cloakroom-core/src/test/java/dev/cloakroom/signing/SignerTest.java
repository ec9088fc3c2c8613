package dev.cloakroom.signing;

import dev.cloakroom.codec.SessionCodec;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static dev.cloakroom.testsupport.DjangoVectors.C1;
import static dev.cloakroom.testsupport.DjangoVectors.COOKIE_HMAC_KEY;
import static dev.cloakroom.testsupport.DjangoVectors.D1;
import static dev.cloakroom.testsupport.DjangoVectors.DB_HMAC_KEY;
import static dev.cloakroom.testsupport.DjangoVectors.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignerTest {
    /** D1 without its signature: what Django's TimestampSigner handed to Signer.sign. */
    private static final String D1_VALUE = D1.substring(0, D1.lastIndexOf(':'));

    private final Signer db = new Signer(new SecretKeys(SECRET), SessionCodec.SESSION_STORE_SALT);

    @Test
    void derivesDjangosHmacKeysForBothSessionSalts() {
        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(Signer.deriveKey(SessionCodec.SESSION_STORE_SALT, SECRET))).isEqualTo(DB_HMAC_KEY);
        assertThat(hex.formatHex(Signer.deriveKey(SessionCodec.SIGNED_COOKIES_SALT, SECRET)))
                .isEqualTo(COOKIE_HMAC_KEY);
    }

    @Test
    void signReproducesDjangosSignatureOfVectorD1() {
        assertThat(db.sign(D1_VALUE)).isEqualTo(D1);
        assertThat(db.signature(D1_VALUE)).hasSize(43).doesNotContain("=");
    }

    @Test
    void unsignReturnsTheSignedValue() {
        assertThat(db.unsign(D1)).isEqualTo(D1_VALUE);
        assertThat(db.unsign(db.sign("a:b:c"))).isEqualTo("a:b:c");
        assertThat(db.unsign(db.sign(""))).isEmpty();
    }

    @Test
    void valueWithoutSeparatorIsRefusedWithDjangosMessage() {
        assertThatThrownBy(() -> db.unsign("no separator here"))
                .isInstanceOf(BadSignatureException.class)
                .hasMessage("No \":\" found in value");
    }

    @Test
    void wrongSignatureIsRefusedWithDjangosMessage() {
        String tampered = D1_VALUE + ":AAAA";
        assertThatThrownBy(() -> db.unsign(tampered))
                .isInstanceOf(BadSignatureException.class)
                .hasMessage("Signature \"AAAA\" does not match");
    }

    @Test
    void changedValueNoLongerMatchesItsSignature() {
        String signature = D1.substring(D1.lastIndexOf(':') + 1);
        assertThatThrownBy(() -> db.unsign("eyJmb28iOiJiYXoifQ:1r31eq:" + signature))
                .isInstanceOf(BadSignatureException.class);
    }

    @Test
    void anotherSaltDoesNotVerify() {
        assertThatThrownBy(() -> db.unsign(C1)).isInstanceOf(BadSignatureException.class);
        Signer cookie = new Signer(new SecretKeys(SECRET), SessionCodec.SIGNED_COOKIES_SALT);
        assertThat(cookie.unsign(C1)).isEqualTo(D1_VALUE);
    }

    @Test
    void anotherSecretDoesNotVerify() {
        Signer other = new Signer(new SecretKeys("some-other-secret"), SessionCodec.SESSION_STORE_SALT);
        assertThatThrownBy(() -> other.unsign(D1)).isInstanceOf(BadSignatureException.class);
    }

    @Test
    void fallbackKeyVerifiesButNeverSigns() {
        Signer rotated = new Signer(new SecretKeys("the-new-secret", List.of("older", SECRET)),
                SessionCodec.SESSION_STORE_SALT);
        Signer newOnly = new Signer(new SecretKeys("the-new-secret"), SessionCodec.SESSION_STORE_SALT);

        assertThat(rotated.unsign(D1)).isEqualTo(D1_VALUE);
        assertThat(rotated.sign(D1_VALUE)).isNotEqualTo(D1).isEqualTo(newOnly.sign(D1_VALUE));
        assertThatThrownBy(() -> db.unsign(rotated.sign(D1_VALUE))).isInstanceOf(BadSignatureException.class);
    }

    @Test
    void emptySecretKeyIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new SecretKeys(""))
                .hasMessageContaining("SECRET_KEY");
        assertThatThrownBy(() -> new SecretKeys(null, List.of()))
                .hasMessageContaining("SECRET_KEY");
    }

    @Test
    void secretKeysNeverPrintKeyMaterial() {
        assertThat(new SecretKeys(SECRET, List.of("previous-secret-value")).toString())
                .doesNotContain(SECRET).doesNotContain("previous-secret-value");
    }
}
