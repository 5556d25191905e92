package dev.workshop.capacity;

/** Named as in the DynamoDB API's BillingMode. */
public enum BillingMode {
    PAY_PER_REQUEST,
    PROVISIONED
}
