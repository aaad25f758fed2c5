package dev.tether.kong;

/** One change to Kong the {@link KongServicePlanner} asks for. None carries a secret in its description. */
sealed interface GatewayAction {

    String describe();

    record UpsertService(String name, String url) implements GatewayAction {
        public String describe() {
            return "set service " + name + " to " + url;
        }
    }

    record UpsertRoute(DesiredKongService.Route route) implements GatewayAction {
        public String describe() {
            return "set route " + route.name();
        }
    }

    record DeleteRoute(String id, String name) implements GatewayAction {
        public String describe() {
            return "delete route " + name;
        }
    }

    record UpsertPlugin(DesiredKongService.Plugin plugin) implements GatewayAction {
        public String describe() {
            return "set plugin " + plugin.label();
        }
    }

    record DeletePlugin(String id, String label) implements GatewayAction {
        public String describe() {
            return "delete plugin " + label;
        }
    }
}
