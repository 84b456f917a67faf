package io.sosae.connectors.serde;

/** Confluent's TopicNameStrategy: the subject of a topic's values is "topic-value", of keys "topic-key". */
public final class SubjectNaming {

    private SubjectNaming() {}

    public static String valueSubject(String topic) {
        return topic + "-value";
    }

    public static String keySubject(String topic) {
        return topic + "-key";
    }

    public static String subject(String topic, boolean isKey) {
        return isKey ? keySubject(topic) : valueSubject(topic);
    }
}
