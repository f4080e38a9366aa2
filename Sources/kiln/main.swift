import Foundation
import KilnCLI

exit(await KilnMain.run(Array(CommandLine.arguments.dropFirst())))
