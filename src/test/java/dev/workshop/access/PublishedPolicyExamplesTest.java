package dev.workshop.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * AWS's own example policies, with the JSON as published (us-west-2, account 123456789012), judged on DynamoDB
 * requests mapped as AWS maps them, with the decision each page states. The key schemas are the pages' own:
 * GameScores is keyed on UserId (partition) and GameTitle, Music on Artist and SongTitle; WatchList's schema is not
 * given, so it is keyed here on UserId.
 */
class PublishedPolicyExamplesTest {
    static final String QL = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html";
    static final String FGAC = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html";

    static final KeySchemaLookup SCHEMAS = (table, index) -> switch (table) {
        case "GameScores" -> Optional.of(index == null ? "UserId" : "GameTitle");
        case "Music" -> Optional.of("Artist");
        case "WatchList" -> Optional.of("UserId");
        default -> Optional.empty();
    };
    static final DynamoDbRequestMapper MAPPER = new DynamoDbRequestMapper("us-west-2", "123456789012", SCHEMAS);

    /** Whether every authorization request of the call is allowed, with the web-identity variables of the caller. */
    static boolean allowed(String policyJson, String operation, String body, Map<String, List<String>> caller) {
        PolicyDocument doc = PolicyDocument.parse("example", policyJson);
        return MAPPER.map(operation, body).stream().allMatch(r -> PolicyEvaluator.evaluate(doc, r.withAll(caller)).allowed());
    }

    static boolean allowed(String policyJson, String operation, String body) {
        return allowed(policyJson, operation, body, Map.of());
    }

    static String statement(String sql) {
        return "{\"Statement\":\"" + sql.replace("\"", "\\\"") + "\"}";
    }

    static String transaction(String... sql) {
        StringBuilder b = new StringBuilder("{\"TransactStatements\":[");
        for (int i = 0; i < sql.length; i++) b.append(i == 0 ? "" : ",").append(statement(sql[i]));
        return b.append("]}").toString();
    }

    // ------------------------------------------------------------------ PartiQL (ql-iam.html)

    static final String ALLOW_ALL_PARTIQL = """
            {
               "Version":"2012-10-17",
               "Statement":[
                  {
                     "Effect":"Allow",
                     "Action":[
                        "dynamodb:PartiQLInsert",
                        "dynamodb:PartiQLUpdate",
                        "dynamodb:PartiQLDelete",
                        "dynamodb:PartiQLSelect"
                     ],
                     "Resource":[
                        "arn:aws:dynamodb:us-west-2:123456789012:table/Music"
                     ]
                  }
               ]
            }""";

    @Test
    void allowAllPartiqlStatementsOnATable() {
        for (String sql : List.of("SELECT * FROM Music WHERE Artist = 'A'", "INSERT INTO Music VALUE {'Artist':'A','SongTitle':'S'}",
                "UPDATE Music SET Year = 1 WHERE Artist = 'A' AND SongTitle = 'S'", "DELETE FROM Music WHERE Artist = 'A' AND SongTitle = 'S'")) {
            assertTrue(allowed(ALLOW_ALL_PARTIQL, "ExecuteStatement", statement(sql)), sql);
        }
        assertFalse(allowed(ALLOW_ALL_PARTIQL, "ExecuteStatement", statement("SELECT * FROM Other WHERE Artist = 'A'")), "another table");
    }

    @Test
    void allowSelectStatementsOnATable() {
        String policy = """
                {
                   "Version":"2012-10-17",
                   "Statement":[
                      {
                         "Effect":"Allow",
                         "Action":[
                            "dynamodb:PartiQLSelect"
                         ],
                         "Resource":[
                            "arn:aws:dynamodb:us-west-2:123456789012:table/Music"
                         ]
                      }
                   ]
                }""";
        assertTrue(allowed(policy, "ExecuteStatement", statement("SELECT * FROM \"Music\" WHERE Artist = 'A'")));
        assertFalse(allowed(policy, "ExecuteStatement", statement("INSERT INTO Music VALUE {'Artist':'A','SongTitle':'S'}")));
    }

    @Test
    void allowInsertStatementsOnAnIndex() {
        String policy = """
                {
                   "Version":"2012-10-17",
                   "Statement":[
                      {
                         "Effect":"Allow",
                         "Action":[
                            "dynamodb:PartiQLInsert"
                         ],
                         "Resource":[
                            "arn:aws:dynamodb:us-west-2:123456789012:table/Music/index/index1"
                         ]
                      }
                   ]
                }""";
        assertTrue(allowed(policy, "ExecuteStatement", statement("INSERT INTO \"Music\".\"index1\" VALUE {'Artist':'A'}")));
        assertFalse(allowed(policy, "ExecuteStatement", statement("INSERT INTO Music VALUE {'Artist':'A','SongTitle':'S'}")), "the table");
    }

    /** Issue 13 point 2: statements of ExecuteTransaction carry dynamodb:EnclosingOperation. */
    @Test
    void allowTransactionalStatementsOnly() {
        String policy = """
                {
                   "Version":"2012-10-17",
                   "Statement":[
                      {
                         "Effect":"Allow",
                         "Action":[
                            "dynamodb:PartiQLInsert",
                            "dynamodb:PartiQLUpdate",
                            "dynamodb:PartiQLDelete",
                            "dynamodb:PartiQLSelect"
                         ],
                         "Resource":[
                            "arn:aws:dynamodb:us-west-2:123456789012:table/Music"
                         ],
                         "Condition":{
                            "StringEquals":{
                               "dynamodb:EnclosingOperation":[
                                  "ExecuteTransaction"
                               ]
                            }
                         }
                      }
                   ]
                }""";
        String update = "UPDATE Music SET Year = 1 WHERE Artist = 'A' AND SongTitle = 'S'";
        assertTrue(allowed(policy, "ExecuteTransaction", transaction(update, "DELETE FROM Music WHERE Artist = 'B' AND SongTitle = 'T'")));
        assertFalse(allowed(policy, "ExecuteStatement", statement(update)));
        assertFalse(allowed(policy, "BatchExecuteStatement", "{\"Statements\":[" + statement(update) + "]}"));
    }

    /** Issue 13 point 2: the documented policy that blocks PartiQL inside transactions. */
    @Test
    void allowNonTransactionalAndBlockTransactionalStatements() {
        String policy = """
                {
                   "Version":"2012-10-17",
                   "Statement":[
                      {
                         "Effect":"Deny",
                         "Action":[
                            "dynamodb:PartiQLInsert",
                            "dynamodb:PartiQLUpdate",
                            "dynamodb:PartiQLDelete",
                            "dynamodb:PartiQLSelect"
                         ],
                         "Resource":[
                            "arn:aws:dynamodb:us-west-2:123456789012:table/Music"
                         ],
                         "Condition":{
                            "StringEquals":{
                               "dynamodb:EnclosingOperation":[
                                  "ExecuteTransaction"
                               ]
                            }
                         }
                      },
                      {
                         "Effect":"Allow",
                         "Action":[
                            "dynamodb:PartiQLInsert",
                            "dynamodb:PartiQLUpdate",
                            "dynamodb:PartiQLDelete",
                            "dynamodb:PartiQLSelect"
                         ],
                         "Resource":[
                            "arn:aws:dynamodb:us-west-2:123456789012:table/Music"
                         ]
                      }
                   ]
                }""";
        String select = "SELECT * FROM Music WHERE Artist = 'A' AND SongTitle = 'S'";
        assertTrue(allowed(policy, "ExecuteStatement", statement(select)));
        assertTrue(allowed(policy, "BatchExecuteStatement", "{\"Statements\":[" + statement(select) + "]}"));
        assertFalse(allowed(policy, "ExecuteTransaction", transaction(select)));
    }

    /**
     * Issue 13 point 1. A SELECT is a full table scan unless its WHERE clause names the partition key with '=' or IN
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.select.html).
     */
    @Test
    void allowSelectAndDenyFullTableScans() {
        String policy = """
                {
                   "Version":"2012-10-17",
                   "Statement":[
                      {
                         "Effect":"Deny",
                         "Action":[
                            "dynamodb:PartiQLSelect"
                         ],
                         "Resource":[
                            "arn:aws:dynamodb:us-west-2:123456789012:table/WatchList"
                         ],
                         "Condition":{
                            "Bool":{
                               "dynamodb:FullTableScan":[
                                  "true"
                               ]
                            }
                         }
                      },
                      {
                         "Effect":"Allow",
                         "Action":[
                            "dynamodb:PartiQLSelect"
                         ],
                         "Resource":[
                            "arn:aws:dynamodb:us-west-2:123456789012:table/WatchList"
                         ]
                      }
                   ]
                }""";
        for (String scan : List.of("SELECT * FROM WatchList", "SELECT * FROM \"WatchList\" WHERE Rating > 3",
                "SELECT * FROM WatchList WHERE UserId = 'u1' OR Rating > 3", "SELECT * FROM WatchList WHERE UserId > 'u1'",
                "SELECT * FROM WatchList WHERE Title = 'UserId = 1'", "SELECT * FROM WatchList WHERE begins_with(UserId, 'u')")) {
            assertFalse(allowed(policy, "ExecuteStatement", statement(scan)), scan);
        }
        for (String keyed : List.of("SELECT * FROM WatchList WHERE UserId = 'u1'", "SELECT Title FROM \"WatchList\" WHERE \"UserId\" = ? AND Rating > 3",
                "SELECT * FROM WatchList WHERE UserId IN ['u1', 'u2']", "select * from WatchList where (UserId = 'u1') and Title = 'x'",
                "SELECT * FROM WatchList WHERE 'u1' = UserId")) {
            assertTrue(allowed(policy, "ExecuteStatement", statement(keyed)), keyed);
        }
    }

    // ------------------------------------------------------------------ fine-grained access control (specifying-conditions.html)

    static final Map<String, List<String>> AMAZON_USER = Map.of("www.amazon.com:user_id", List.of("amzn1.account.ALICE"));

    static String key(String user, String game) {
        return "{\"UserId\":{\"S\":\"" + user + "\"},\"GameTitle\":{\"S\":\"" + game + "\"}}";
    }

    @Test
    void overviewPolicyAllowsOnlyTheUsersItemsAndListedAttributes() {
        String policy = """
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "AllowAccessToOnlyItemsMatchingUserID",
                            "Effect": "Allow",
                            "Action": [
                                "dynamodb:GetItem",
                                "dynamodb:BatchGetItem",
                                "dynamodb:Query",
                                "dynamodb:PutItem",
                                "dynamodb:UpdateItem",
                                "dynamodb:DeleteItem",
                                "dynamodb:BatchWriteItem"
                            ],
                            "Resource": [
                                "arn:aws:dynamodb:us-west-2:123456789012:table/GameScores"
                            ],
                            "Condition": {
                                "ForAllValues:StringEquals": {
                                    "dynamodb:LeadingKeys": [
                                        "${www.amazon.com:user_id}"
                                    ],
                                    "dynamodb:Attributes": [
                                        "UserId",
                                        "GameTitle",
                                        "Wins",
                                        "Losses",
                                        "TopScore",
                                        "TopScoreDateTime"
                                    ]
                                },
                                "StringEqualsIfExists": {
                                    "dynamodb:Select": "SPECIFIC_ATTRIBUTES"
                                }
                            }
                        }
                    ]
                }""";
        String own = key("amzn1.account.ALICE", "Meteor Blasters");
        assertTrue(allowed(policy, "GetItem", "{\"TableName\":\"GameScores\",\"Key\":" + own + ",\"ProjectionExpression\":\"Wins, TopScore\"}", AMAZON_USER));
        assertFalse(allowed(policy, "GetItem", "{\"TableName\":\"GameScores\",\"Key\":" + key("amzn1.account.BOB", "Meteor Blasters")
                + ",\"ProjectionExpression\":\"Wins\"}", AMAZON_USER), "another user's item");
        assertFalse(allowed(policy, "GetItem", "{\"TableName\":\"GameScores\",\"Key\":" + own + ",\"ProjectionExpression\":\"Wins, Secret\"}", AMAZON_USER),
                "an attribute not listed");
        String query = "{\"TableName\":\"GameScores\",\"KeyConditionExpression\":\"UserId = :u\",\"ExpressionAttributeValues\":{\":u\":{\"S\":\"amzn1.account.ALICE\"}}";
        // "the app must always provide a list of specific attributes to act upon and ... can't request all attributes"
        assertFalse(allowed(policy, "Query", query + "}", AMAZON_USER), "Select defaults to ALL_ATTRIBUTES");
        assertTrue(allowed(policy, "Query", query + ",\"ProjectionExpression\":\"GameTitle, TopScore\"}", AMAZON_USER));
        // a condition on an attribute that is not listed is refused too ("evaluated in a conditional write")
        assertFalse(allowed(policy, "UpdateItem", "{\"TableName\":\"GameScores\",\"Key\":" + own + ",\"UpdateExpression\":\"SET Wins = :w\","
                + "\"ConditionExpression\":\"Secret = :w\",\"ExpressionAttributeValues\":{\":w\":{\"N\":\"1\"}}}", AMAZON_USER));
    }

    @Test
    void example1LimitsAccessToItemsWithTheUsersPartitionKeyAndNeverScans() {
        String policy = """
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "FullAccessToUserItems",
                            "Effect": "Allow",
                            "Action": [
                                "dynamodb:GetItem",
                                "dynamodb:BatchGetItem",
                                "dynamodb:Query",
                                "dynamodb:PutItem",
                                "dynamodb:UpdateItem",
                                "dynamodb:DeleteItem",
                                "dynamodb:BatchWriteItem"
                            ],
                            "Resource": [
                                "arn:aws:dynamodb:us-west-2:123456789012:table/GameScores"
                            ],
                            "Condition": {
                                "ForAllValues:StringEquals": {
                                    "dynamodb:LeadingKeys": [
                                        "${www.amazon.com:user_id}"
                                    ]
                                }
                            }
                        }
                    ]
                }""";
        assertTrue(allowed(policy, "PutItem", "{\"TableName\":\"GameScores\",\"Item\":" + key("amzn1.account.ALICE", "G") + "}", AMAZON_USER));
        assertFalse(allowed(policy, "PutItem", "{\"TableName\":\"GameScores\",\"Item\":" + key("amzn1.account.BOB", "G") + "}", AMAZON_USER));
        assertFalse(allowed(policy, "BatchWriteItem", "{\"RequestItems\":{\"GameScores\":[{\"DeleteRequest\":{\"Key\":" + key("amzn1.account.ALICE", "G")
                + "}},{\"DeleteRequest\":{\"Key\":" + key("amzn1.account.BOB", "G") + "}}]}}", AMAZON_USER), "one key of the batch is not the user's");
        // "The list of actions does not include permissions for Scan because Scan returns all items regardless of the leading keys."
        assertFalse(allowed(policy, "Scan", "{\"TableName\":\"GameScores\"}", AMAZON_USER));
        // without the web-identity variable the policy value resolves to nothing and matches no key
        assertFalse(allowed(policy, "GetItem", "{\"TableName\":\"GameScores\",\"Key\":" + key("amzn1.account.ALICE", "G") + "}"));
    }

    @Test
    void example2LimitsAccessToSpecificAttributes() {
        String policy = """
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "LimitAccessToSpecificAttributes",
                            "Effect": "Allow",
                            "Action": [
                                "dynamodb:UpdateItem",
                                "dynamodb:GetItem",
                                "dynamodb:Query",
                                "dynamodb:BatchGetItem",
                                "dynamodb:Scan"
                            ],
                            "Resource": [
                                "arn:aws:dynamodb:us-west-2:123456789012:table/GameScores"
                            ],
                            "Condition": {
                                "ForAllValues:StringEquals": {
                                    "dynamodb:Attributes": [
                                        "UserId",
                                        "TopScore"
                                    ]
                                },
                                "StringEqualsIfExists": {
                                    "dynamodb:Select": "SPECIFIC_ATTRIBUTES",
                                    "dynamodb:ReturnValues": [
                                        "NONE",
                                        "UPDATED_OLD",
                                        "UPDATED_NEW"
                                    ]
                                }
                            }
                        }
                    ]
                }""";
        assertTrue(allowed(policy, "Scan", "{\"TableName\":\"GameScores\",\"ProjectionExpression\":\"UserId, TopScore\"}"));
        assertFalse(allowed(policy, "Scan", "{\"TableName\":\"GameScores\"}"), "Select defaults to ALL_ATTRIBUTES");
        assertFalse(allowed(policy, "Scan", "{\"TableName\":\"GameScores\",\"ProjectionExpression\":\"UserId\",\"FilterExpression\":\"Wins > :n\","
                + "\"ExpressionAttributeValues\":{\":n\":{\"N\":\"1\"}}}"), "a scan filter on an attribute not listed");
        // UpdateItem on TopScore: the key names UserId and GameTitle, and GameTitle is not listed ("you must specify
        // the names of all of the primary key and index key attributes")
        String update = "{\"TableName\":\"GameScores\",\"Key\":" + key("u", "G") + ",\"UpdateExpression\":\"SET TopScore = :s\","
                + "\"ExpressionAttributeValues\":{\":s\":{\"N\":\"9\"}}";
        assertFalse(allowed(policy, "UpdateItem", update + "}"));
        String keyOnly = "{\"TableName\":\"GameScores\",\"Key\":{\"UserId\":{\"S\":\"u\"}},\"UpdateExpression\":\"SET TopScore = :s\","
                + "\"ExpressionAttributeValues\":{\":s\":{\"N\":\"9\"}}";
        assertTrue(allowed(policy, "UpdateItem", keyOnly + ",\"ReturnValues\":\"UPDATED_NEW\"}"));
        assertFalse(allowed(policy, "UpdateItem", keyOnly + ",\"ReturnValues\":\"ALL_NEW\"}"), "ALL_NEW would read hidden attributes");
        // "This policy doesn't permit PutItem, DeleteItem, or BatchWriteItem."
        assertFalse(allowed(policy, "PutItem", "{\"TableName\":\"GameScores\",\"Item\":{\"UserId\":{\"S\":\"u\"}}}"));
    }

    @Test
    void example3PreventsUpdatesOnCertainAttributes() {
        String policy = """
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "PreventUpdatesOnCertainAttributes",
                            "Effect": "Allow",
                            "Action": [
                                "dynamodb:UpdateItem"
                            ],
                            "Resource": "arn:aws:dynamodb:us-west-2:123456789012:table/GameScores",
                            "Condition": {
                                "ForAllValues:StringNotLike": {
                                    "dynamodb:Attributes": [
                                        "FreeGamesAvailable",
                                        "BossLevelUnlocked"
                                    ]
                                },
                                "StringEquals": {
                                    "dynamodb:ReturnValues": [
                                        "NONE",
                                        "UPDATED_OLD",
                                        "UPDATED_NEW"
                                    ]
                                }
                            }
                        }
                    ]
                }""";
        String update = "{\"TableName\":\"GameScores\",\"Key\":" + key("u", "G") + ",\"UpdateExpression\":\"SET #a = :v\","
                + "\"ExpressionAttributeValues\":{\":v\":{\"N\":\"1\"}},\"ExpressionAttributeNames\":{\"#a\":\"";
        // StringEquals on ReturnValues holds without ReturnValues: "NONE unless otherwise specified"
        assertTrue(allowed(policy, "UpdateItem", update + "Wins\"}}"));
        assertFalse(allowed(policy, "UpdateItem", update + "FreeGamesAvailable\"}}"));
        assertFalse(allowed(policy, "UpdateItem", update + "Wins\"},\"ReturnValues\":\"ALL_OLD\"}"));
        // "The PutItem and DeleteItem actions replace an entire item ... you should not grant permission for these APIs"
        assertFalse(allowed(policy, "PutItem", "{\"TableName\":\"GameScores\",\"Item\":" + key("u", "G") + "}"));
    }

    @Test
    void example4QueriesOnlyProjectedIndexAttributes() {
        String specific = """
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "QueryOnlyProjectedIndexAttributes",
                            "Effect": "Allow",
                            "Action": [
                                "dynamodb:Query"
                            ],
                            "Resource": [
                                "arn:aws:dynamodb:us-west-2:123456789012:table/GameScores/index/TopScoreDateTimeIndex"
                            ],
                            "Condition": {
                                "ForAllValues:StringEquals": {
                                    "dynamodb:Attributes": [
                                        "TopScoreDateTime",
                                        "GameTitle",
                                        "Wins",
                                        "Losses",
                                        "Attempts"
                                    ]
                                },
                                "StringEquals": {
                                    "dynamodb:Select": "SPECIFIC_ATTRIBUTES"
                                }
                            }
                        }
                    ]
                }""";
        String all = """
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "QueryAllIndexAttributes",
                            "Effect": "Allow",
                            "Action": [
                                "dynamodb:Query"
                            ],
                            "Resource": [
                                "arn:aws:dynamodb:us-west-2:123456789012:table/GameScores/index/TopScoreDateTimeIndex"
                            ],
                            "Condition": {
                                "StringEquals": {
                                    "dynamodb:Select": "ALL_PROJECTED_ATTRIBUTES"
                                }
                            }
                        }
                    ]
                }""";
        String query = "{\"TableName\":\"GameScores\",\"IndexName\":\"TopScoreDateTimeIndex\",\"KeyConditionExpression\":\"GameTitle = :g\","
                + "\"ExpressionAttributeValues\":{\":g\":{\"S\":\"G\"}}";
        assertTrue(allowed(specific, "Query", query + ",\"Select\":\"SPECIFIC_ATTRIBUTES\",\"ProjectionExpression\":\"Wins, Losses\"}"));
        assertTrue(allowed(specific, "Query", query + ",\"ProjectionExpression\":\"Wins, Losses\"}"), "a projection implies SPECIFIC_ATTRIBUTES");
        assertFalse(allowed(specific, "Query", query + ",\"ProjectionExpression\":\"Wins, UserId\"}"), "UserId is not listed");
        assertFalse(allowed(specific, "Query", query + ",\"Select\":\"ALL_ATTRIBUTES\"}"));
        assertTrue(allowed(all, "Query", query + "}"), "an index query defaults to ALL_PROJECTED_ATTRIBUTES");
        assertFalse(allowed(all, "Query", query + ",\"ProjectionExpression\":\"Wins\"}"));
    }

    @Test
    void example5LimitsAccessToCertainAttributesAndPartitionKeyValues() {
        String policy = """
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "LimitAccessToCertainAttributesAndKeyValues",
                            "Effect": "Allow",
                            "Action": [
                                "dynamodb:UpdateItem",
                                "dynamodb:GetItem",
                                "dynamodb:Query",
                                "dynamodb:BatchGetItem"
                            ],
                            "Resource": [
                                "arn:aws:dynamodb:us-west-2:123456789012:table/GameScores",
                                "arn:aws:dynamodb:us-west-2:123456789012:table/GameScores/index/TopScoreDateTimeIndex"
                            ],
                            "Condition": {
                                "ForAllValues:StringEquals": {
                                    "dynamodb:LeadingKeys": [
                                        "${graph.facebook.com:id}"
                                    ],
                                    "dynamodb:Attributes": [
                                        "attribute-A",
                                        "attribute-B"
                                    ]
                                },
                                "StringEqualsIfExists": {
                                    "dynamodb:Select": "SPECIFIC_ATTRIBUTES",
                                    "dynamodb:ReturnValues": [
                                        "NONE",
                                        "UPDATED_OLD",
                                        "UPDATED_NEW"
                                    ]
                                }
                            }
                        }
                    ]
                }""";
        Map<String, List<String>> fb = Map.of("graph.facebook.com:id", List.of("fb-1"));
        String get = "{\"TableName\":\"GameScores\",\"Key\":{\"UserId\":{\"S\":\"fb-1\"}},\"ProjectionExpression\":\"#a\","
                + "\"ExpressionAttributeNames\":{\"#a\":\"attribute-A\"}}";
        // the key attribute UserId is not in the list, so even the user's own item is refused: the page's "Important"
        // note (list every key attribute) is what this example leaves out
        assertFalse(allowed(policy, "GetItem", get, fb));
        // "it cannot perform conditional write operations based on any other attributes" / "cannot set ReturnValues to ALL_OLD"
        String update = "{\"TableName\":\"GameScores\",\"Key\":{\"UserId\":{\"S\":\"fb-1\"}},\"UpdateExpression\":\"SET #a = :v\","
                + "\"ExpressionAttributeNames\":{\"#a\":\"attribute-A\"},\"ExpressionAttributeValues\":{\":v\":{\"S\":\"x\"}}";
        assertFalse(allowed(policy, "UpdateItem", update + ",\"ReturnValues\":\"ALL_OLD\"}", fb));
        assertFalse(allowed(policy, "UpdateItem", update + ",\"ConditionExpression\":\"Other = :v\"}", fb));
    }

    @Test
    void everyExampleParses() {
        for (String p : List.of(ALLOW_ALL_PARTIQL)) assertEquals("2012-10-17", PolicyDocument.parse("p", p).version());
    }
}
