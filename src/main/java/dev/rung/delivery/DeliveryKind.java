package dev.rung.delivery;

/** Where a delivery goes. */
public enum DeliveryKind {
    HUBSPOT,
    ZENDESK,
    CALLBACK
}
