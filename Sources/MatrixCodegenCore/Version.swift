/// The generator itself.
public enum MatrixCodegenInfo {
    /// This generator's version, as `matrix-codegen --version` prints it.
    public static let version = "0.5.0"
}
