package dev.workshop;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The valid range of a numeric command-line option, declared next to the option. The CLI checks every option of the
 * command about to run against it after parsing and before the command runs, so an out-of-range value is a usage
 * error (exit 2) that has touched nothing: no home, no server, no data.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Range {
    double min();

    double max();

    /** What the number counts, in the plural: "writes per second", "minutes". */
    String unit();

    /** Where the bounds come from, when it is not obvious (a DynamoDB limit, what the tool can hold). */
    String why() default "";
}
