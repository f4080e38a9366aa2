/// An image the lab's `download-url` can "fetch" (the lab never touches the network): its URL and
/// the size of the volume it makes.
public struct LabImage: Sendable, Codable, Equatable {
    public var url: String
    public var sizeMiB: Int

    public init(url: String, sizeMiB: Int = LabImage.defaultSizeMiB) {
        self.url = url
        self.sizeMiB = sizeMiB
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(url: try c.decode(String.self, forKey: .url),
                  sizeMiB: try c.decodeIfPresent(Int.self, forKey: .sizeMiB) ?? LabImage.defaultSizeMiB)
    }

    /// A Talos nocloud raw image is about this big.
    public static let defaultSizeMiB = 1228
}
