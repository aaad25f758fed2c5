package dev.tether.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The overview's rows are written in Java (for speed): every value must still be escaped. */
class OverviewRowTest {

    private static Element row(String reason) {
        Pages.Row r = new Pages.Row("HerokuApp", "orders-api", "/resources/HerokuApp/orders-api", Health.FAILED, reason,
                new Pages.When("5 s ago", "2026-11-23 20:00:00 UTC", "2026-11-23T20:00:00Z"), 3,
                "orders-api herokuapp failed " + reason);
        return Jsoup.parseBodyFragment("<table><tbody>" + r.html() + "</tbody></table>").selectFirst("tr");
    }

    @Test
    void aRowShowsHealthNameAgeAndReasonAsTheTemplateDid() {
        Element tr = row("ApiError: Heroku answered 503");
        assertThat(tr.attr("data-health")).isEqualTo("Failed");
        assertThat(tr.selectFirst("span.badge.fail .label").text()).isEqualTo("Failed");
        assertThat(tr.selectFirst("td.kind").text()).isEqualTo("HerokuApp");
        assertThat(tr.selectFirst("th[scope=row] a").attr("href")).isEqualTo("/resources/HerokuApp/orders-api");
        assertThat(tr.selectFirst("time.age").attr("datetime")).isEqualTo("2026-11-23T20:00:00Z");
        assertThat(tr.selectFirst("time.age").text()).isEqualTo("5 s ago");
        assertThat(tr.selectFirst("td.reason").text()).isEqualTo("ApiError: Heroku answered 503");
    }

    @Test
    void markupInAReasonIsShownAsTextNeverRun() {
        String hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
        Element tr = row(hostile);
        assertThat(tr.select("script, img")).isEmpty();
        assertThat(tr.selectFirst("td.reason").text()).isEqualTo(hostile);
        assertThat(tr.attr("data-search")).endsWith(hostile);
    }
}
