package dev.tether.sandbox.kong;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;

/** Following {@code offset} at any page size visits every entity once, in id order, and stops. */
class KongPaginationPropertyTest {

    static KongEmulator kong;
    static KongHttp admin;

    @BeforeContainer
    static void start() {
        kong = KongEmulator.start(0, 0);
        admin = KongHttp.admin(kong);
    }

    @AfterContainer
    static void stop() {
        kong.close();
    }

    @Property(tries = 15)
    void pagingVisitsEveryEntityOnceInIdOrder(@ForAll @IntRange(min = 1, max = 7) int size,
                                              @ForAll @IntRange(min = 0, max = 20) int count,
                                              @ForAll boolean tagged) {
        kong.reset();
        for (int i = 0; i < count; i++) {
            String tags = tagged && i % 2 == 0 ? ",\"tags\":[\"even\"]" : "";
            admin.post("/consumers", "{\"username\":\"c" + i + "\"" + tags + "}");
        }
        int expected = tagged ? (count + 1) / 2 : count;
        List<String> ids = new ArrayList<>();
        String offset = null;
        int pages = 0;
        do {
            String q = "/consumers?size=" + size + (tagged ? "&tags=even" : "")
                    + (offset == null ? "" : "&offset=" + URLEncoder.encode(offset, StandardCharsets.UTF_8));
            JsonNode page = admin.get(q).json();
            page.get("data").forEach(c -> ids.add(c.get("id").asString()));
            assertThat(page.get("data").size()).isLessThanOrEqualTo(size);
            offset = page.has("offset") ? page.get("offset").asString() : null;
            assertThat(page.get("next").isNull()).isEqualTo(offset == null);
            pages++;
        } while (offset != null && pages <= count + 1);
        assertThat(ids).hasSize(expected).doesNotHaveDuplicates().isSorted();
    }
}
