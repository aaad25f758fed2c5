package dev.tether.heroku;

/**
 * An add-on attachment on an app (Heroku's {@code add-on-attachment}).
 *
 * @param id         attachment UUID
 * @param name       the attachment name, e.g. {@code DATABASE} (its config var is {@code DATABASE_URL})
 * @param addonId    the attached add-on's UUID
 * @param addonName  the attached add-on's globally unique name
 * @param billingApp id of the app that owns the add-on
 */
public record ObservedAttachment(String id, String name, String addonId, String addonName, String billingApp) {
}
