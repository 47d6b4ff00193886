// Regenerates the committed tiny models: dotnet run --project tests/GroundedSam.TinyModels -- models/tiny
GroundedSam.TinyModels.TinyModelSet.WriteTo(args.Length > 0 ? args[0] : Path.Combine("models", "tiny"));
