package dev.workshop.gateway;

/**
 * One concern of the local gateway (capacity, access, metrics). Filters run in order before the request is
 * forwarded, and in reverse order after the response arrives.
 */
public interface GatewayFilter {
    /** Answer the request here (e.g. throttle or deny) by returning a response; null lets it through. */
    default GatewayResponse before(GatewayExchange exchange) {
        return null;
    }

    /** Sees every response, including those another filter produced. */
    default void after(GatewayExchange exchange, GatewayResponse response) {}
}
