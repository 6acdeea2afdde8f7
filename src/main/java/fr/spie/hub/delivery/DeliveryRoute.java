package fr.spie.hub.delivery;

/** Names the delivery route (routes/exchange-pipeline.camel.yaml) shares with its steps. */
public final class DeliveryRoute {

    /** Exchange property holding the {@link DeliveryRun} while the route splits it per recipient. */
    public static final String RUN = "spieDeliveryRun";

    private DeliveryRoute() {
    }
}
