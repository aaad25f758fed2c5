package dev.tether.sandbox.heroku;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * Add-on attachments ({@code /addon-attachments}, schema {@code add-on-attachment}): attach an
 * add-on to another app under a name (201, the {@code NAME_URL} config var set and a release cut
 * on that app), list them per app (the billing attachments of the app's own add-ons included)
 * or per add-on, info, and detach (the billing attachment cannot be detached: the add-on is
 * destroyed instead). A name whose config var the app already has is refused with 422.
 */
final class AttachmentRoutes {

    private final HerokuState state;

    AttachmentRoutes(HerokuState state) {
        this.state = state;
    }

    void register(Router router) {
        router.post("/addon-attachments", this::create)
                .list("/addon-attachments", List.of("id", "name"), call -> Reply.list(all().stream().map(Attachment::toJson).toList()))
                .get("/addon-attachments/{attachment}", call -> Reply.ok(find(call.param("attachment")).toJson()))
                .delete("/addon-attachments/{attachment}", this::delete)
                .list("/apps/{app}/addon-attachments", List.of("id", "name"), call -> Reply.list(
                        of(state.app(call.param("app"))).stream().map(Attachment::toJson).toList()))
                .get("/apps/{app}/addon-attachments/{attachment}", call -> {
                    App app = state.app(call.param("app"));
                    String identity = call.param("attachment");
                    return Reply.ok(of(app).stream().filter(a -> a.id.toString().equals(identity) || a.name.equals(identity))
                            .findFirst().orElseThrow(AttachmentRoutes::notFound).toJson());
                })
                .list("/addons/{addon}/addon-attachments", List.of("id", "name"), call -> {
                    Addon addon = findAddon(call.param("addon"));
                    return Reply.list(all().stream().filter(a -> a.addon == addon).map(Attachment::toJson).toList());
                });
    }

    /** Every attachment on the app: its own add-ons' billing ones, then those of other apps' add-ons. */
    private List<Attachment> of(App app) {
        List<Attachment> out = new ArrayList<>();
        app.addons.values().forEach(a -> out.add(Attachment.billing(a)));
        state.attachments.values().stream().filter(a -> a.app == app).forEach(out::add);
        return out;
    }

    private List<Attachment> all() {
        List<Attachment> out = new ArrayList<>();
        state.allAddons().forEach(a -> out.add(Attachment.billing(a)));
        out.addAll(state.attachments.values());
        return out;
    }

    private Reply create(ApiCall call) {
        String addonIdentity = Json.text(call.body, "addon");
        String appIdentity = Json.text(call.body, "app");
        if (addonIdentity == null || appIdentity == null) {
            List<String> missing = new ArrayList<>();
            if (addonIdentity == null) {
                missing.add("addon");
            }
            if (appIdentity == null) {
                missing.add("app");
            }
            throw ApiError.invalidParams("Missing required params: " + String.join(", ", missing) + ".");
        }
        Addon addon = findAddon(addonIdentity);
        App app = state.app(appIdentity);
        String name = Json.text(call.body, "name");
        if (name == null) {
            name = addon.attachmentName();
        }
        Attachment attachment = new Attachment(UUID.randomUUID(), name, addon, app, state.now());
        String configVar = attachment.configVar();
        if (app.config.containsKey(configVar)) {
            throw ApiError.invalidParams("Name " + name + " is already taken by another attachment or config var on " + app.name + ".");
        }
        state.attachments.put(attachment.id, attachment);
        app.config.put(configVar, addon.configValue());
        state.publish(app, "api:addon-attachment", "addon-attachment", "create", call.user, attachment.toJson(), null);
        state.release(app, "Attach " + name + " (@ref:" + addon.name + ")", call.user);
        return Reply.created(attachment.toJson());
    }

    private Reply delete(ApiCall call) {
        Attachment attachment = find(call.param("attachment"));
        if (attachment.isBilling()) {
            throw ApiError.invalidParams("Cannot detach " + attachment.name + " from its billing app " + attachment.app.name
                    + "; destroy the add-on instead.");
        }
        state.detach(attachment, call.user);
        return Reply.ok(attachment.toJson());
    }

    private Attachment find(String identity) {
        return all().stream().filter(a -> a.id.toString().equals(identity)).findFirst().orElseThrow(AttachmentRoutes::notFound);
    }

    private Addon findAddon(String identity) {
        return state.allAddons().stream().filter(a -> a.id.toString().equals(identity) || a.name.equals(identity))
                .findFirst().orElseThrow(() -> ApiError.notFound("add_on", "Couldn't find that add on."));
    }

    private static ApiError notFound() {
        return ApiError.notFound("add_on_attachment", "Couldn't find that add on attachment.");
    }
}
