package dev.tether.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway topology as a picture, drawn here as SVG (no client framework): gateways, then
 * routes, then services, then the apps behind them, left to right; the service-to-app edge is
 * labelled with the key that locks it. Every edge carries its state ({@code secured},
 * {@code unproven}, {@code drifted}, {@code failing}) as a class, a colour and a word in its
 * title, so neither colour nor hover is the only way to read it. Pure: the same graph gives the
 * same SVG.
 */
final class TopologyGraph {

    /** One KongService and what it connects. */
    record Service(String name, String gateway, List<String> routes, String app, String key, String state, String why) {
    }

    /** One drawn edge, as the page also lists it in words. */
    record Edge(String id, String from, String to, String state, String label) {
    }

    static final List<String> STATES = List.of("secured", "unproven", "drifted", "failing");
    // presentation attributes, not a <style>: the pages' Content-Security-Policy allows no inline style
    private static final Map<String, String> COLOURS = Map.of("secured", "#1a7f37", "unproven", "#bf8700", "drifted", "#8250df",
            "failing", "#cf222e");
    private static final Map<String, String> DASHES = Map.of("secured", "none", "unproven", "6 4", "drifted", "2 3", "failing", "none");

    private static final int COL = 230;
    private static final int ROW = 46;
    private static final int W = 170;
    private static final int H = 30;

    private final List<Service> services;

    TopologyGraph(List<Service> services) {
        this.services = services;
    }

    List<Edge> edges() {
        List<Edge> out = new ArrayList<>();
        for (Service s : services) {
            for (String r : s.routes()) {
                out.add(new Edge("gateway:" + s.gateway() + "->route:" + r, "KongGateway " + s.gateway(), "route " + r, s.state(), ""));
                out.add(new Edge("route:" + r + "->service:" + s.name(), "route " + r, "KongService " + s.name(), s.state(), ""));
            }
            if (s.routes().isEmpty()) {
                out.add(new Edge("gateway:" + s.gateway() + "->service:" + s.name(), "KongGateway " + s.gateway(),
                        "KongService " + s.name(), s.state(), ""));
            }
            if (s.app() != null) {
                out.add(new Edge("service:" + s.name() + "->app:" + s.app(), "KongService " + s.name(), "HerokuApp " + s.app(), s.state(),
                        s.key() == null ? "no key" : "key " + s.key()));
            }
        }
        return out;
    }

    String svg() {
        Map<String, int[]> at = new LinkedHashMap<>();
        int row = 0;
        for (Service s : services) {
            int first = row;
            for (String r : s.routes()) {
                at.putIfAbsent("route:" + r, new int[] {1, row++});
            }
            if (s.routes().isEmpty()) {
                row++;
            }
            int mid = (first + row - 1) / 2;
            at.put("service:" + s.name(), new int[] {2, mid});
            if (s.app() != null) {
                at.putIfAbsent("app:" + s.app(), new int[] {3, mid});
            }
        }
        List<String> gateways = services.stream().map(Service::gateway).distinct().toList();
        for (int g = 0; g < gateways.size(); g++) {
            at.put("gateway:" + gateways.get(g), new int[] {0, Math.max(0, (row - gateways.size()) / 2) + g});
        }
        int rows = Math.max(row, gateways.size());
        int width = 3 * COL + W + 20;
        int height = Math.max(1, rows) * ROW + 40;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg id=\"topology-svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                + "width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"topology-title\">", width, height, width, height));
        b.append("<title id=\"topology-title\">Gateway topology: ").append(services.size()).append(" service(s)</title>");
        String[] cols = {"Gateways", "Routes", "Services", "Apps"};
        for (int c = 0; c < cols.length; c++) {
            b.append(String.format(Locale.ROOT, "<text class=\"col\" x=\"%d\" y=\"14\" font-family=\"sans-serif\" font-size=\"12\" font-weight=\"bold\" fill=\"#555\">%s</text>", 10 + c * COL, cols[c]));
        }
        for (Edge e : edges()) {
            int[] from = at.get(node(e.from()));
            int[] to = at.get(node(e.to()));
            if (from == null || to == null) {
                continue;
            }
            int x1 = 10 + from[0] * COL + W;
            int y1 = 30 + from[1] * ROW + H / 2;
            int x2 = 10 + to[0] * COL;
            int y2 = 30 + to[1] * ROW + H / 2;
            int mx = (x1 + x2) / 2;
            b.append(String.format(Locale.ROOT, "<path class=\"edge %s\" data-edge=\"%s\" data-state=\"%s\" d=\"M%d,%d C%d,%d %d,%d %d,%d\" fill=\"none\" "
                    + "stroke-width=\"3\" stroke=\"%s\" stroke-dasharray=\"%s\"><title>%s → %s: %s</title></path>", e.state(), esc(e.id()),
                    e.state(), x1, y1, mx, y1, mx, y2, x2, y2, COLOURS.get(e.state()), DASHES.get(e.state()),
                    esc(e.from()), esc(e.to()), e.state()));
            if (!e.label().isEmpty()) {
                b.append(String.format(Locale.ROOT, "<text class=\"key\" x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#444\">%s</text>", mx,
                        Math.min(y1, y2) - 4, esc(e.label())));
            }
        }
        for (Map.Entry<String, int[]> n : at.entrySet()) {
            int x = 10 + n.getValue()[0] * COL;
            int y = 30 + n.getValue()[1] * ROW;
            String label = n.getKey().substring(n.getKey().indexOf(':') + 1);
            b.append(String.format(Locale.ROOT, "<g class=\"node\" data-node=\"%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"#fff\" "
                    + "stroke=\"#555\"/><text x=\"%d\" y=\"%d\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#222\">%s</text></g>", esc(n.getKey()), x, y, W, H, x + 8, y + 20,
                    esc(label.length() > 22 ? label.substring(0, 21) + "…" : label)));
        }
        b.append("</svg>");
        return b.toString();
    }

    /** "KongService orders" → "service:orders". */
    private static String node(String described) {
        int sp = described.indexOf(' ');
        String kind = described.substring(0, sp);
        String name = described.substring(sp + 1);
        return switch (kind) {
            case "KongGateway" -> "gateway:" + name;
            case "route" -> "route:" + name;
            case "KongService" -> "service:" + name;
            default -> "app:" + name;
        };
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
