package orchestrator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The operations that the contract, ../shared/API.md, names: its {@code ### METHOD /api/...}
 * headings and its {@code | METHOD /api/... |} table rows, each with the roles and the status codes
 * the contract gives it there.
 */
public final class Contract {
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s.*");
  private static final Pattern OPERATION_HEADING =
      Pattern.compile("^###\\s+(GET|POST|PUT|DELETE|PATCH)\\s+(/api/[^\\s?]*)\\S*\\s*(.*)$");
  private static final Pattern OPERATION_ROW =
      Pattern.compile(
          "^\\|\\s*(GET|POST|PUT|DELETE|PATCH)\\s+(/api/[^|]*?)\\s*\\|([^|]*)\\|(.*)\\|\\s*$");
  private static final Pattern ROLES = Pattern.compile("\\(([a-z ,]+)\\)");
  // a status code in prose: "201 Created", "**200**", "404 when", "Errors: 400 (...), 401, 403" —
  // but not "1–200 characters" or a part of a longer number
  private static final Pattern STATUS =
      Pattern.compile("(?<![\\w.–-])([2-5]\\d\\d)(?![\\w–-]|\\.\\d)");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

  /**
   * One operation: "POST /api/messages", its roles (empty where the contract names none there) and
   * status codes.
   */
  public record Operation(String method, String path, Set<String> roles, Set<Integer> statuses) {
    public String name() {
      return method + " " + path;
    }
  }

  private Contract() {}

  /** The contract's path from the project root, where CI has it too. */
  public static Path file() {
    return Path.of("..", "shared", "API.md");
  }

  public static List<Operation> operations() throws IOException {
    return parse(Files.readString(file()));
  }

  public static List<Operation> parse(String markdown) {
    Map<String, Operation> operations = new LinkedHashMap<>();
    Operation section = null; // the operation whose ### section the text belongs to
    boolean inCode = false;
    for (String line : markdown.split("\\R")) {
      if (line.strip().startsWith("```")) {
        inCode = !inCode;
        continue;
      }
      if (inCode) continue;
      Matcher heading = OPERATION_HEADING.matcher(line);
      Matcher row = OPERATION_ROW.matcher(line);
      if (heading.matches()) {
        section =
            add(
                operations,
                heading.group(1),
                heading.group(2),
                roles(heading.group(3)),
                statuses(heading.group(3)));
      } else if (HEADING.matcher(line).matches()) {
        section = null;
      } else if (row.matches()) {
        // "POST /api/nodes/{id}/pause, /resume" names two operations
        String[] paths = row.group(2).split("\\s*,\\s*");
        for (int i = 0; i < paths.length; i++) {
          String path =
              i == 0 ? paths[0] : paths[0].substring(0, paths[0].lastIndexOf('/')) + paths[i];
          add(operations, row.group(1), path, roles(row.group(3)), statuses(row.group(4)));
        }
      } else if (section != null) {
        section.statuses().addAll(statuses(line));
      }
    }
    return List.copyOf(operations.values());
  }

  private static Operation add(
      Map<String, Operation> operations,
      String method,
      String path,
      Set<String> roles,
      Set<Integer> statuses) {
    Operation operation =
        operations.computeIfAbsent(
            method + " " + path,
            name -> new Operation(method, path, new TreeSet<>(), new TreeSet<>()));
    operation.roles().addAll(roles);
    operation.statuses().addAll(statuses);
    return operation;
  }

  /** "(producer, admin)" in a heading; a table's role cell is the list itself. */
  private static Set<String> roles(String text) {
    Matcher inParentheses = ROLES.matcher(text);
    String list = inParentheses.find() ? inParentheses.group(1) : text.contains("(") ? "" : text;
    return Arrays.stream(list.split(","))
        .map(String::strip)
        .filter(role -> role.matches("[a-z]+"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<Integer> statuses(String text) {
    Matcher matcher = STATUS.matcher(CODE_SPAN.matcher(text).replaceAll(""));
    Set<Integer> statuses = new TreeSet<>();
    while (matcher.find()) statuses.add(Integer.parseInt(matcher.group(1)));
    return statuses;
  }
}
