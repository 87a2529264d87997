package io.taskexec.reporting.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The JSON form of the report records: snake_case keys, nulls written, indented. */
public final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .setSerializationInclusion(JsonInclude.Include.ALWAYS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  /** The report as UTF-8 JSON. */
  public static byte[] bytes(Object report) {
    try {
      return MAPPER.writeValueAsString(report).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a report record could not be written as JSON", e);
    }
  }

  /** The report as plain maps, lists, strings, numbers and booleans: what a template sees. */
  static Map<String, Object> tree(Object report) {
    return MAPPER.convertValue(report, new TypeReference<Map<String, Object>>() {});
  }
}
