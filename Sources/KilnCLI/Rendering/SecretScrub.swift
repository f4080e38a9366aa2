/// Last line of defence for text that comes from outside (provider errors, progress notes) on
/// its way to output: a string that looks like a credential is not printed.
enum SecretScrub {
    static func scrub(_ text: String) -> String {
        LogRedaction.looksSecret(text) ? "(redacted: looked like a credential)" : text
    }
}
