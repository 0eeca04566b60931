package dev.samizdat.channels.report;

import dev.samizdat.channels.policy.Category;
import dev.samizdat.channels.policy.Target;
import dev.samizdat.channels.wire.WireCode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One line of a moderator's review queue: every report about one target (or every appeal against its
 * block), one per reporter — the latest they sent.
 *
 * @param blockSequence the blocklist entry that blocks the target, once published; an appeal names it
 */
public record ReviewItem(Key key, Status status, List<Report> reports, Optional<Long> blockSequence,
    long firstReportedMillis, long lastReportedMillis) {
  /** Reports and appeals about one target are separate items. */
  public record Key(Target target, boolean appeal) {}

  public enum Status implements WireCode {
    OPEN(0),
    /** The moderator blocked the target. */
    BLOCKED(1),
    /** The moderator found nothing to act on (for an appeal: the block stands). */
    DISMISSED(2),
    /** An appeal the moderator granted: the block was retracted. */
    RETRACTED(3);

    private final int code;

    Status(int code) {
      this.code = code;
    }

    @Override
    public int code() {
      return code;
    }

    public static Status fromCode(int code) {
      return WireCode.fromCode(Status.class, code, "review status");
    }
  }

  public ReviewItem {
    reports = List.copyOf(reports);
  }

  public Target target() {
    return key.target();
  }

  /** Distinct reporters: a reporter who reports twice counts once. */
  public int reporterCount() {
    return reports.size();
  }

  public Map<Category, Integer> categoryCounts() {
    Map<Category, Integer> counts = new EnumMap<>(Category.class);
    reports.forEach(report -> counts.merge(report.category(), 1, Integer::sum));
    return counts;
  }
}
