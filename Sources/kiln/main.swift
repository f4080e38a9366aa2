import Foundation
import KilnCLI

// A reader that goes away (`kiln apply | head`) must not kill kiln in the middle of an apply:
// writes then fail quietly instead of raising SIGPIPE.
signal(SIGPIPE, SIG_IGN)
exit(await KilnMain.run(Array(CommandLine.arguments.dropFirst())))
