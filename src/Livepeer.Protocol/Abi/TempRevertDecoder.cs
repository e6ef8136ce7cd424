namespace Livepeer.Protocol.Abi;
internal static class RevertDecoder
{
    public static ContractRevertException Decode(byte[] data) => new(data.Length == 0 ? RevertKind.Empty : RevertKind.Unknown, "execution reverted " + Hex.Encode(data), data);
}
