package dev.cloakroom.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring MVC's own ways of keeping objects in the session, on Cloakroom's: each object comes back from the
 * store, request after request and after a restart, as an instance of its own class with its values. The
 * pages report the class of what they read, so the assertions are on what a user would see.
 */
class SessionFeaturesTest {
    @TempDir
    static Path directory;
    private static SampleApp app;

    @BeforeAll
    static void startTheSample() {
        app = SampleApp.start("cloakroom.database-url=jdbc:sqlite:" + directory.resolve("sessions.sqlite3"));
    }

    @AfterAll
    static void stopTheSample() {
        if (app != null) {
            app.close();
        }
    }

    private static Client client() {
        return new Client(() -> app);
    }

    private static String text(HttpResponse<String> page, String id) {
        Matcher matcher = Pattern.compile("id=\"" + Pattern.quote(id) + "\">([^<]*)<").matcher(page.body());
        assertThat(matcher.find()).as("#" + id + " in\n" + page.body()).isTrue();
        return matcher.group(1);
    }

    private static List<String> items(HttpResponse<String> page) {
        Matcher list = Pattern.compile("<ul id=\"items\">(.*?)</ul>", Pattern.DOTALL).matcher(page.body());
        assertThat(list.find()).isTrue();
        Matcher item = Pattern.compile("<li>([^<]*)</li>").matcher(list.group(1));
        List<String> items = new ArrayList<>();
        while (item.find()) {
            items.add(item.group(1));
        }
        return items;
    }

    private static void restart() {
        app = app.restart();
    }

    @Test
    void aRecordPutIntoTheHttpSessionComesBackAsThatRecord() throws Exception {
        Client client = client();
        HttpResponse<String> first = client.get("/visits");
        assertThat(text(first, "visits")).isEqualTo("1");
        String firstVisit = text(first, "visits-first");

        client.get("/visits");
        HttpResponse<String> third = client.get("/visits");
        assertThat(text(third, "visits")).isEqualTo("3");
        assertThat(text(third, "visits-type")).isEqualTo(Visits.class.getName());
        assertThat(text(third, "visits-first")).isEqualTo(firstVisit);

        restart();
        HttpResponse<String> afterRestart = client.get("/visits");
        assertThat(text(afterRestart, "visits")).isEqualTo("4");
        assertThat(text(afterRestart, "visits-type")).isEqualTo(Visits.class.getName());
        assertThat(text(afterRestart, "visits-first")).isEqualTo(firstVisit);
    }

    @Test
    void sessionAttributesKeepTheWizardBeanAcrossItsSteps() throws Exception {
        Client client = client();
        HttpResponse<String> start = client.get("/wizard");
        assertThat(text(start, "wizard-type")).isEqualTo(Wizard.class.getName());
        assertThat(start.body()).contains("id=\"name\"");

        assertThat(client.post("/wizard", "name", "Ada", "_csrf", Client.csrfToken(start)).statusCode())
                .isEqualTo(302);
        HttpResponse<String> second = client.get("/wizard");
        assertThat(text(second, "wizard-type")).isEqualTo(Wizard.class.getName());
        assertThat(text(second, "wizard-name")).isEqualTo("Ada");
        assertThat(second.body()).contains("id=\"colour\"");

        restart();
        client.post("/wizard", "colour", "teal", "_csrf", Client.csrfToken(client.get("/wizard")));
        HttpResponse<String> done = client.get("/wizard");
        assertThat(text(done, "wizard-type")).isEqualTo(Wizard.class.getName());
        assertThat(text(done, "wizard-name")).as("bound in a request before the restart").isEqualTo("Ada");
        assertThat(text(done, "wizard-colour")).isEqualTo("teal");

        client.post("/wizard/finish", "_csrf", Client.csrfToken(done));
        HttpResponse<String> again = client.get("/wizard");
        assertThat(text(again, "wizard-name")).as("setComplete() removed it").isEmpty();
        assertThat(again.body()).contains("id=\"name\"");
    }

    @Test
    void theSessionScopedBasketIsOneObjectPerSessionThatKeepsItsChanges() throws Exception {
        Client client = client();
        String token = Client.csrfToken(client.get("/basket"));
        client.post("/basket", "item", "apples", "_csrf", token);
        client.post("/basket", "item", "pears", "_csrf", token);
        HttpResponse<String> basket = client.get("/basket");
        assertThat(items(basket)).containsExactly("apples", "pears");
        assertThat(text(basket, "basket-type")).isEqualTo(Basket.class.getName());

        Client other = client();
        assertThat(items(other.get("/basket"))).as("another session's basket").isEmpty();

        restart();
        client.post("/basket", "item", "plums", "_csrf", Client.csrfToken(client.get("/basket")));
        HttpResponse<String> afterRestart = client.get("/basket");
        assertThat(items(afterRestart)).containsExactly("apples", "pears", "plums");
        assertThat(text(afterRestart, "basket-type")).isEqualTo(Basket.class.getName());
    }
}
