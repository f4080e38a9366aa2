/// The exit statuses kiln uses (docs/cli.md).
public enum ExitCodes {
    public static let success: Int32 = 0
    /// Any error: invalid plan, unreadable state, held lock, failed apply.
    public static let error: Int32 = 1
    /// `kiln plan --detailed-exitcode`: the plan has changes.
    public static let changesPresent: Int32 = 2
    /// Stopped by Ctrl-C (128 + SIGINT).
    public static let interrupted: Int32 = 130
}
