import Testing
@testable import KilnLab
