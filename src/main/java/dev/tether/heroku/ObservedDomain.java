package dev.tether.heroku;

/**
 * A hostname routed to an app. Kind {@code heroku} is the app's own herokuapp.com host, which
 * Heroku manages and Tether must leave alone; {@code custom} ones are declared by users.
 *
 * @param id       domain UUID
 * @param hostname the hostname
 * @param kind     {@code heroku} or {@code custom}
 * @param cname    DNS target for a custom domain, null for the heroku one
 * @param status   Heroku's provisioning status
 */
public record ObservedDomain(String id, String hostname, String kind, String cname, String status) {

    public boolean custom() {
        return "custom".equals(kind);
    }
}
