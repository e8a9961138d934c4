model = nn.Sequential(nn.Conv2d(1, 1, 3), nn.Dropout(0.5), nn.LeakyReLU(1e-2))
