using System.Runtime.InteropServices;

namespace GroundedSam.TinyModels;

/// <summary>ONNX element types (TensorProto.DataType).</summary>
internal enum ElementType
{
    Float = 1,
    Int32 = 6,
    Int64 = 7,
    Bool = 9,
}

/// <summary>A small builder for ONNX graphs: typed inputs and outputs with symbolic or fixed dimensions, initializers and nodes.</summary>
internal sealed class OnnxGraph(string name)
{
    private const long IrVersion = 8;
    private const long Opset = 17;

    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private int _counter;

    /// <summary>A dimension is a number (fixed) or a string (symbolic, dynamic).</summary>
    public void Input(string tensor, ElementType type, params object[] dims) => _inputs.Add(ValueInfo(tensor, type, dims));

    public void Output(string tensor, ElementType type, params object[] dims) => _outputs.Add(ValueInfo(tensor, type, dims));

    public string Floats(float[] values, params long[] dims) => Initializer(ElementType.Float, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    public string Longs(long[] values, params long[] dims) => Initializer(ElementType.Int64, MemoryMarshal.AsBytes(values.AsSpan()), dims);

    public string Scalar(float value) => Floats([value]);

    /// <summary>Adds a node; attributes are (name, value) with value a long, float, long[] or float[].</summary>
    public string Node(string opType, string[] inputs, params (string Name, object Value)[] attributes) =>
        NodeTo(opType, inputs, $"{opType.ToLowerInvariant()}_{_counter++}", attributes);

    public string NodeTo(string opType, string[] inputs, string output, params (string Name, object Value)[] attributes)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        node.String(2, output).String(3, $"n{_counter++}").String(4, opType);
        foreach (var (attributeName, value) in attributes)
        {
            node.Message(5, Attribute(attributeName, value));
        }

        _nodes.Add(node);
        return output;
    }

    public byte[] ToModel()
    {
        var graph = new ProtoWriter();
        foreach (var node in _nodes)
        {
            graph.Message(1, node);
        }

        graph.String(2, name);
        foreach (var initializer in _initializers)
        {
            graph.Message(5, initializer);
        }

        foreach (var input in _inputs)
        {
            graph.Message(11, input);
        }

        foreach (var output in _outputs)
        {
            graph.Message(12, output);
        }

        return new ProtoWriter()
            .Varint(1, IrVersion)
            .String(2, "GroundedSam.TinyModels")
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Varint(2, Opset))
            .ToArray();
    }

    private string Initializer(ElementType type, ReadOnlySpan<byte> raw, long[] dims)
    {
        var tensorName = $"const_{_counter++}";
        var tensor = new ProtoWriter();
        foreach (var dim in dims)
        {
            tensor.Varint(1, dim);
        }

        tensor.Varint(2, (long)type).String(8, tensorName).Bytes(9, raw);
        _initializers.Add(tensor);
        return tensorName;
    }

    private static ProtoWriter ValueInfo(string tensor, ElementType type, object[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var dim in dims)
        {
            shape.Message(1, dim switch
            {
                int fixedSize => new ProtoWriter().Varint(1, fixedSize),
                string symbol => new ProtoWriter().String(2, symbol),
                _ => throw new ArgumentException($"Dimension {dim} is neither a number nor a name."),
            });
        }

        var tensorType = new ProtoWriter().Varint(1, (long)type).Message(2, shape);
        return new ProtoWriter().String(1, tensor).Message(2, new ProtoWriter().Message(1, tensorType));
    }

    // AttributeProto: name 1, f 2, i 3, floats 7, ints 8, type 20 (FLOAT 1, INT 2, FLOATS 6, INTS 7).
    private static ProtoWriter Attribute(string attributeName, object value)
    {
        var attribute = new ProtoWriter().String(1, attributeName);
        switch (value)
        {
            case long i:
                attribute.Varint(3, i).Varint(20, 2);
                break;
            case float f:
                attribute.Float(2, f).Varint(20, 1);
                break;
            case long[] ints:
                foreach (var i in ints)
                {
                    attribute.Varint(8, i);
                }

                attribute.Varint(20, 7);
                break;
            case float[] floats:
                foreach (var f in floats)
                {
                    attribute.Float(7, f);
                }

                attribute.Varint(20, 6);
                break;
            default:
                throw new ArgumentException($"Attribute {attributeName} has an unsupported value type {value.GetType()}.");
        }

        return attribute;
    }
}
