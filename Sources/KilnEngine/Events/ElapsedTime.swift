/// Durations the way progress lines show them: `45s`, `1m10s`, `2h3m`.
public enum ElapsedTime {
    public static func text(_ duration: Duration) -> String {
        let total = max(0, duration.components.seconds)
        let hours = total / 3600, minutes = (total % 3600) / 60, seconds = total % 60
        if hours > 0 { return minutes > 0 ? "\(hours)h\(minutes)m" : "\(hours)h" }
        if minutes > 0 { return seconds > 0 ? "\(minutes)m\(seconds)s" : "\(minutes)m" }
        if total == 0 && duration > .zero {
            return "\(duration.components.attoseconds / 1_000_000_000_000_000)ms"
        }
        return "\(seconds)s"
    }
}
